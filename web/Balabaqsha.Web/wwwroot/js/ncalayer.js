// Signs a contract through NCALayer (SPEC §7, ЭЦП), the national signing application that every Kazakh
// signer runs on their own computer. The page talks to it over a local WebSocket; NCALayer asks the person
// for their key (file, ID card, token) and its password in its own window, and the page gets back only the
// detached CMS signature (base64). Nothing of the key ever passes through the page or the portal.
//
// Protocol: the "basics" module of NCALayer 1.4 (kz.gov.pki.knca.basics, method "sign"; named arguments),
// which supersedes kz.gov.pki.knca.commonUtils/createCAdESFromBase64 (positional arguments, answers
// {code: "200", responseObject}). One JSON text message each way:
//
//   request  { "module": "kz.gov.pki.knca.basics", "method": "sign", "args": {
//                "allowedStorages": null,                 // every storage NCALayer knows
//                "format": "cms",
//                "data": "<the contract PDF, base64>",
//                "signingParams": { "decode": true,       // sign the decoded bytes, not the base64 text
//                                   "encapsulate": false, // detached: the CMS carries no content
//                                   "digested": false,    // data is the document, not its hash
//                                   "tsaProfile": null }, // no time-stamp: CAdES-BES
//                "signerParams": { "extKeyUsageOids": [], "iin": "<12 digits>" },  // only the expected signer's keys
//                "locale": "kk" | "ru" | "en" } }
//
//   answer   { "status": true,  "body": { "result": ["<base64 CMS>"] } }   signed (older builds: a string)
//            { "status": true,  "body": {} }                              the person cancelled (no "result")
//            { "status": false, "code": "SIGNING_FAILURE", "message": "…", "details": "…" }   failed
//
// NCALayer greets every new connection with { "result": { "version": "1.4" } } and may send "--heartbeat--"
// or {} to keep the socket alive: neither carries "status", and both are ignored.
//
// Outcome: { signature } or { code, detail }, code one of
//   ncalayer-unavailable  the socket never opened: NCALayer is not running (or not installed)
//   ncalayer-cancelled    the person closed NCALayer's dialog
//   ncalayer-failed       NCALayer answered with an error, or closed the socket without an answer
//   ncalayer-timeout      no answer within signTimeoutMs
//   request               the contract could not be fetched (signContract only)

const MODULE = 'kz.gov.pki.knca.basics';

// Reaching a local port takes milliseconds; a socket still not open after this is not going to be.
const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

// The person picks a key and types its password (or a PIN on a token) in NCALayer's window.
const DEFAULT_SIGN_TIMEOUT_MS = 5 * 60 * 1000;

/** Fetches the contract PDF the page may read and has NCALayer sign it (detached). */
export async function signContract(ncaLayerUrl, contractUrl, options) {
    let response;
    try {
        response = await fetch(contractUrl, { credentials: 'same-origin', cache: 'no-store' });
    } catch (error) {
        return { code: 'request', detail: String(error?.message ?? error) };
    }

    if (!response.ok) {
        return { code: 'request', detail: `HTTP ${response.status}` };
    }

    return signDetached(ncaLayerUrl, toBase64(new Uint8Array(await response.arrayBuffer())), options);
}

/** Has NCALayer make a detached CMS signature over the bytes whose base64 is <dataBase64>. */
export function signDetached(ncaLayerUrl, dataBase64, options = {}) {
    const { iin = null, locale = 'ru', connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS, signTimeoutMs = DEFAULT_SIGN_TIMEOUT_MS } = options ?? {};
    const request = {
        module: MODULE,
        method: 'sign',
        args: {
            allowedStorages: null,
            format: 'cms',
            data: dataBase64,
            signingParams: { decode: true, encapsulate: false, digested: false, tsaProfile: null },
            signerParams: iin ? { extKeyUsageOids: [], iin } : { extKeyUsageOids: [] },
            locale,
        },
    };

    return new Promise(resolve => {
        let socket;
        let opened = false;
        let settled = false;
        let timer;
        const finish = outcome => {
            if (settled) {
                return;
            }

            settled = true;
            clearTimeout(timer);
            try {
                socket?.close(1000);
            } catch {
                // Already closing.
            }

            resolve(outcome);
        };

        try {
            socket = new WebSocket(ncaLayerUrl);
        } catch (error) {
            // A malformed address, or one the page may not reach (ws:// from an https:// page).
            finish({ code: 'ncalayer-unavailable', detail: String(error?.message ?? error) });
            return;
        }

        timer = setTimeout(() => finish({ code: 'ncalayer-unavailable', detail: 'no connection' }), connectTimeoutMs);
        socket.onopen = () => {
            opened = true;
            clearTimeout(timer);
            timer = setTimeout(() => finish({ code: 'ncalayer-timeout' }), signTimeoutMs);
            socket.send(JSON.stringify(request));
        };

        // A failed connection fires "error" and then "close": the close says which it was.
        socket.onclose = event => finish(opened
            ? { code: 'ncalayer-failed', detail: `closed (${event.code}) without an answer` }
            : { code: 'ncalayer-unavailable', detail: `cannot connect (${event.code})` });
        socket.onmessage = event => {
            const outcome = readAnswer(event.data);
            if (outcome) {
                finish(outcome);
            }
        };
    });
}

// The outcome an answer gives, or null for a message that is not the answer (greeting, heartbeat).
function readAnswer(text) {
    let answer;
    try {
        answer = JSON.parse(text);
    } catch {
        return null;
    }

    if (answer === null || typeof answer !== 'object' || !('status' in answer)) {
        return null;
    }

    if (answer.status !== true) {
        const code = String(answer.code ?? '');

        // Some builds report a cancel as a failure with a code of its own.
        return /cancel/i.test(code)
            ? { code: 'ncalayer-cancelled' }
            : { code: 'ncalayer-failed', detail: `${code}: ${answer.message ?? ''}` };
    }

    const body = answer.body;
    if (body === null || typeof body !== 'object' || !('result' in body)) {
        return { code: 'ncalayer-cancelled' };
    }

    const result = Array.isArray(body.result) ? body.result[0] : body.result;
    const signature = typeof result === 'string'
        ? result.replace(/-----(BEGIN|END)[^-]*-----/g, '').replace(/\s+/g, '')
        : '';
    return signature
        ? { signature }
        : { code: 'ncalayer-failed', detail: 'no signature in the answer' };
}

function toBase64(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }

    return btoa(binary);
}
