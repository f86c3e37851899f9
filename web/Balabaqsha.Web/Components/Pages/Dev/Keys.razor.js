// The "try signing" form of /dev/keys: signs the chosen file in the browser with the chosen key
// file (cades-sign.js), sends the file and the detached signature to the server's check, and
// hands the verdict back to the Blazor page. The key file and its password stay in the page.
import { signDetached } from '/js/cades-sign.js';

export async function signAndVerify(keyInput, passwordInput, fileInput, expectedIin, tamper, verifyUrl) {
    const keyFile = keyInput.files?.[0];
    const file = fileInput.files?.[0];
    if (!keyFile || !file) {
        return { code: 'missing-input' };
    }

    const content = new Uint8Array(await file.arrayBuffer());
    let signed;
    try {
        signed = await signDetached(new Uint8Array(await keyFile.arrayBuffer()), passwordInput.value, content);
    } catch (error) {
        return { code: error?.code ?? 'browser', detail: String(error?.message ?? error) };
    }

    const iin = expectedIin || signed.iin;
    if (!iin) {
        return { code: 'no-iin' };
    }

    // For trying a refusal: the server gets the file with one byte changed after signing.
    const sent = tamper ? content.slice() : content;
    if (tamper) {
        sent[sent.length - 1] ^= 0x01;
    }

    const form = new FormData();
    form.append('content', new Blob([sent]), file.name);
    form.append('signature', new Blob([signed.signature], { type: 'application/pkcs7-signature' }), 'signature.p7s');
    form.append('iin', iin);
    const response = await fetch(verifyUrl, { method: 'POST', body: form, credentials: 'same-origin' });
    if (!response.ok) {
        return { code: 'request', detail: `HTTP ${response.status}` };
    }

    return await response.json();
}
