// Signs an application's contract in the browser (SPEC §7, ЭЦП): fetches the contract PDF the page
// may read, opens the chosen key file (.p12) with its password here, and hands the Blazor page only
// the detached CAdES signature (base64). The key file and the password never leave the page.
import { signDetached } from '/js/cades-sign.js';

export async function signContract(keyInput, passwordInput, contractUrl, signingTimeIso) {
    const keyFile = keyInput?.files?.[0];
    if (!keyFile || !passwordInput?.value) {
        return { code: 'missing-input' };
    }

    const response = await fetch(contractUrl, { credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) {
        return { code: 'request', detail: `HTTP ${response.status}` };
    }

    const content = new Uint8Array(await response.arrayBuffer());
    try {
        const signingTime = signingTimeIso ? new Date(signingTimeIso) : new Date();
        const signed = await signDetached(new Uint8Array(await keyFile.arrayBuffer()), passwordInput.value, content, signingTime);
        return { signature: toBase64(signed.signature), iin: signed.iin ?? null };
    } catch (error) {
        return { code: error?.code ?? 'browser', detail: String(error?.message ?? error) };
    }
}

function toBase64(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }

    return btoa(binary);
}
