// Detached CAdES-BES signatures in the browser, with a key file (.p12) the person selects.
//
// The private key never leaves the page: the PKCS#12 file is opened here with WebCrypto, the
// signature is made here, and only the signature (a DER CMS SignedData without the content) goes
// to the server. This is the local and test stand-in for NCALayer; the server checks the result
// with ContractSignatureVerifier (Balabaqsha.Domain/Signatures).
//
// What it reads: PKCS#12 (RFC 7292) whose shrouded key bag — and the certificate bag, when that is
// inside an encrypted-data safe — are protected with PBES2 (RFC 8018): PBKDF2 with HMAC-SHA-1/256/
// 384/512 and AES-128/256-CBC. That is what the portal's test CA writes, and what
// `openssl pkcs12 -export` writes since OpenSSL 3. The legacy PKCS#12 schemes (3DES, RC2 with the
// PKCS#12 key derivation) are not in WebCrypto and are refused with a clear error. RSA keys only.
// The file's MAC is not checked: a wrong password is caught by the decryption instead.
//
// What it writes (RFC 5652 CMS, RFC 5035 ESS, ETSI EN 319 122 CAdES-BES):
//   ContentInfo { signedData, [0] SignedData {
//     version 1, digestAlgorithms { sha256 }, encapContentInfo { id-data } (no content: detached),
//     certificates [0] { signer's certificate },
//     signerInfos { SignerInfo { version 1, issuerAndSerialNumber, sha256,
//       signedAttrs [0] { contentType, signingTime, messageDigest, signingCertificateV2 },
//       sha256WithRSAEncryption, signature } } } }

const OID = Object.freeze({
    data: '1.2.840.113549.1.7.1',
    signedData: '1.2.840.113549.1.7.2',
    encryptedData: '1.2.840.113549.1.7.6',
    keyBag: '1.2.840.113549.1.12.10.1.1',
    pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
    certBag: '1.2.840.113549.1.12.10.1.3',
    x509Certificate: '1.2.840.113549.1.9.22.1',
    pbes2: '1.2.840.113549.1.5.13',
    pbkdf2: '1.2.840.113549.1.5.12',
    hmacWithSha1: '1.2.840.113549.2.7',
    hmacWithSha256: '1.2.840.113549.2.9',
    hmacWithSha384: '1.2.840.113549.2.10',
    hmacWithSha512: '1.2.840.113549.2.11',
    aes128Cbc: '2.16.840.1.101.3.4.1.2',
    aes256Cbc: '2.16.840.1.101.3.4.1.42',
    rsaEncryption: '1.2.840.113549.1.1.1',
    sha256WithRsaEncryption: '1.2.840.113549.1.1.11',
    sha256: '2.16.840.1.101.3.4.2.1',
    contentType: '1.2.840.113549.1.9.3',
    messageDigest: '1.2.840.113549.1.9.4',
    signingTime: '1.2.840.113549.1.9.5',
    signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
    commonName: '2.5.4.3',
    serialNumber: '2.5.4.5',
});

const PRF_HASHES = Object.freeze({
    [OID.hmacWithSha1]: 'SHA-1',
    [OID.hmacWithSha256]: 'SHA-256',
    [OID.hmacWithSha384]: 'SHA-384',
    [OID.hmacWithSha512]: 'SHA-512',
});

const AES_KEY_BITS = Object.freeze({
    [OID.aes128Cbc]: 128,
    [OID.aes256Cbc]: 256,
});

// DER/BER tag bytes used below (universal class unless noted).
const TAG = Object.freeze({
    integer: 0x02,
    bitString: 0x03,
    octetString: 0x04,
    null: 0x05,
    oid: 0x06,
    utf8String: 0x0c,
    printableString: 0x13,
    teletexString: 0x14,
    ia5String: 0x16,
    utcTime: 0x17,
    generalizedTime: 0x18,
    bmpString: 0x1e,
    sequence: 0x30,
    set: 0x31,
    context0: 0xa0, // [0] constructed
    context0Primitive: 0x80, // [0] primitive (IMPLICIT OCTET STRING)
    context4: 0xa4, // [4] constructed (GeneralName.directoryName)
});

/**
 * A failure the page can explain. `code` is one of: 'not-pkcs12', 'wrong-password',
 * 'unsupported-encryption', 'no-key', 'no-certificate', 'not-rsa'.
 */
export class CadesError extends Error {
    constructor(code, message) {
        super(message);
        this.name = 'CadesError';
        this.code = code;
    }
}

// ---------------------------------------------------------------------------------------------
// Reading ASN.1 (BER, which includes DER: PKCS#12 files from some tools use indefinite lengths)
// ---------------------------------------------------------------------------------------------

/**
 * Reads one TLV at `position`. The node keeps its place in `bytes`:
 * `raw` is the whole encoding, `content` the value; constructed nodes have `children`.
 */
function readNode(bytes, position = 0) {
    const start = position;
    const need = count => {
        if (position + count > bytes.length) {
            throw new CadesError('not-pkcs12', 'ASN.1: the data ends inside an element.');
        }
    };

    need(2);
    const tag = bytes[position++];
    if ((tag & 0x1f) === 0x1f) {
        throw new CadesError('not-pkcs12', 'ASN.1: high tag numbers are not used in these structures.');
    }

    const constructed = (tag & 0x20) !== 0;
    const first = bytes[position++];
    let length;
    if (first < 0x80) {
        length = first;
    } else if (first === 0x80) {
        length = -1; // indefinite (BER), ends with two zero bytes
    } else {
        const octets = first & 0x7f;
        if (octets > 4) {
            throw new CadesError('not-pkcs12', 'ASN.1: a length beyond 4 GB.');
        }

        need(octets);
        length = 0;
        for (let i = 0; i < octets; i++) {
            length = length * 256 + bytes[position++];
        }
    }

    const contentStart = position;
    let contentEnd;
    let end;
    let children = null;
    if (length === -1) {
        if (!constructed) {
            throw new CadesError('not-pkcs12', 'ASN.1: an indefinite length on a primitive element.');
        }

        children = [];
        for (;;) {
            need(2);
            if (bytes[position] === 0 && bytes[position + 1] === 0) {
                break;
            }

            const child = readNode(bytes, position);
            children.push(child);
            position = child.end;
        }

        contentEnd = position;
        end = position + 2;
    } else {
        need(length);
        contentEnd = contentStart + length;
        end = contentEnd;
        if (constructed) {
            children = [];
            while (position < contentEnd) {
                const child = readNode(bytes, position);
                if (child.end > contentEnd) {
                    throw new CadesError('not-pkcs12', 'ASN.1: an element overruns its parent.');
                }

                children.push(child);
                position = child.end;
            }
        }
    }

    return {
        tag,
        constructed,
        children,
        end,
        raw: bytes.subarray(start, end),
        content: bytes.subarray(contentStart, contentEnd),
    };
}

/** Reads a whole buffer that must hold exactly one element. */
function readRoot(bytes) {
    const node = readNode(bytes, 0);
    if (node.end !== bytes.length) {
        throw new CadesError('not-pkcs12', 'ASN.1: trailing bytes after the element.');
    }

    return node;
}

function expectTag(node, tag, what) {
    if (!node || node.tag !== tag) {
        throw new CadesError('not-pkcs12', `ASN.1: expected ${what}.`);
    }

    return node;
}

function childrenOf(node, tag, what) {
    return expectTag(node, tag, what).children;
}

/** The octets of an OCTET STRING (or of an IMPLICIT one with another tag), joining BER segments. */
function octetsOf(node) {
    if (!node.constructed) {
        return node.content;
    }

    return concat(node.children.map(octetsOf));
}

function oidOf(node) {
    const bytes = expectTag(node, TAG.oid, 'an OBJECT IDENTIFIER').content;
    const arcs = [];
    let value = 0;
    for (const byte of bytes) {
        value = value * 128 + (byte & 0x7f);
        if ((byte & 0x80) === 0) {
            if (arcs.length === 0) {
                const first = value < 80 ? Math.floor(value / 40) : 2;
                arcs.push(first, value - first * 40);
            } else {
                arcs.push(value);
            }

            value = 0;
        }
    }

    return arcs.join('.');
}

function smallIntegerOf(node) {
    const bytes = expectTag(node, TAG.integer, 'an INTEGER').content;
    if (bytes.length > 6) {
        throw new CadesError('not-pkcs12', 'ASN.1: an INTEGER too large for a count.');
    }

    return bytes.reduce((value, byte) => value * 256 + byte, 0);
}

/** The content of a [0] EXPLICIT wrapper: its single inner element. */
function explicitZero(node) {
    const [inner] = childrenOf(node, TAG.context0, '[0]');
    return inner;
}

/** Text of a DirectoryString-like value. */
function stringOf(node) {
    switch (node.tag) {
        case TAG.utf8String:
            return new TextDecoder('utf-8').decode(node.content);
        case TAG.bmpString: {
            let text = '';
            for (let i = 0; i + 1 < node.content.length; i += 2) {
                text += String.fromCharCode((node.content[i] << 8) | node.content[i + 1]);
            }

            return text;
        }
        case TAG.printableString:
        case TAG.ia5String:
        case TAG.teletexString:
            return String.fromCharCode(...node.content);
        default:
            return null;
    }
}

// ---------------------------------------------------------------------------------------------
// Writing DER
// ---------------------------------------------------------------------------------------------

function concat(parts) {
    const total = parts.reduce((sum, part) => sum + part.length, 0);
    const result = new Uint8Array(total);
    let offset = 0;
    for (const part of parts) {
        result.set(part, offset);
        offset += part.length;
    }

    return result;
}

function encodeLength(length) {
    if (length < 0x80) {
        return Uint8Array.of(length);
    }

    const octets = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
        octets.unshift(rest & 0xff);
    }

    return Uint8Array.of(0x80 | octets.length, ...octets);
}

function tlv(tag, ...contents) {
    const content = concat(contents);
    return concat([Uint8Array.of(tag), encodeLength(content.length), content]);
}

const sequence = (...parts) => tlv(TAG.sequence, ...parts);
const octetString = bytes => tlv(TAG.octetString, bytes);
const derNull = () => Uint8Array.of(TAG.null, 0);

function smallInteger(value) {
    // Enough for versions (0..127).
    return Uint8Array.of(TAG.integer, 1, value);
}

function objectIdentifier(dotted) {
    const arcs = dotted.split('.').map(Number);
    const body = [];
    const pushArc = arc => {
        const septets = [arc & 0x7f];
        for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) {
            septets.unshift((rest & 0x7f) | 0x80);
        }

        body.push(...septets);
    };
    pushArc(arcs[0] * 40 + arcs[1]);
    arcs.slice(2).forEach(pushArc);
    return tlv(TAG.oid, Uint8Array.from(body));
}

/** Byte order of DER SET OF (X.690 11.6): as octet strings, the shorter padded with zeros. */
function compareDer(a, b) {
    const length = Math.max(a.length, b.length);
    for (let i = 0; i < length; i++) {
        const x = i < a.length ? a[i] : 0;
        const y = i < b.length ? b[i] : 0;
        if (x !== y) {
            return x - y;
        }
    }

    return 0;
}

/** The content octets of a DER SET OF: the elements sorted. The caller adds SET or [0]. */
function setOfContent(elements) {
    return concat([...elements].sort(compareDer));
}

/** signingTime: UTCTime for 1950–2049 as RFC 5652 requires, GeneralizedTime otherwise. */
function time(date) {
    const pad = (value, width = 2) => String(value).padStart(width, '0');
    const year = date.getUTCFullYear();
    const rest = pad(date.getUTCMonth() + 1) + pad(date.getUTCDate()) + pad(date.getUTCHours())
        + pad(date.getUTCMinutes()) + pad(date.getUTCSeconds()) + 'Z';
    const ascii = text => new TextEncoder().encode(text);
    return year >= 1950 && year < 2050
        ? tlv(TAG.utcTime, ascii(pad(year % 100) + rest))
        : tlv(TAG.generalizedTime, ascii(pad(year, 4) + rest));
}

/** Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF AttributeValue } with one value. */
function attribute(oid, value) {
    return sequence(objectIdentifier(oid), tlv(TAG.set, value));
}

// ---------------------------------------------------------------------------------------------
// PKCS#12
// ---------------------------------------------------------------------------------------------

/** The content of a ContentInfo ::= SEQUENCE { contentType, content [0] EXPLICIT ANY }. */
function contentOf(contentInfo) {
    const [, wrapped] = childrenOf(contentInfo, TAG.sequence, 'a ContentInfo');
    return explicitZero(wrapped);
}

/** The payload of a ContentInfo of type id-data: an OCTET STRING. */
function dataContentOf(contentInfo) {
    return octetsOf(contentOf(contentInfo));
}

/**
 * Decrypts PBES2 (RFC 8018 6.2) data.
 * PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme AlgorithmIdentifier }
 * PBKDF2-params ::= SEQUENCE { salt OCTET STRING, iterationCount INTEGER, keyLength INTEGER OPTIONAL,
 *                             prf AlgorithmIdentifier DEFAULT hmacWithSHA1 }
 */
async function decryptPbes2(algorithmIdentifier, ciphertext, password) {
    const [algorithm, parameters] = childrenOf(algorithmIdentifier, TAG.sequence, 'an AlgorithmIdentifier');
    if (oidOf(algorithm) !== OID.pbes2) {
        throw new CadesError('unsupported-encryption',
            `The key file is encrypted with ${oidOf(algorithm)}; only PBES2 with AES can be opened in the browser `
            + '(e.g. openssl pkcs12 -export -keypbe AES-256-CBC -certpbe AES-256-CBC -macalg sha256).');
    }

    const [keyDerivation, encryptionScheme] = childrenOf(parameters, TAG.sequence, 'PBES2-params');
    const [kdfOid, kdfParameters] = childrenOf(keyDerivation, TAG.sequence, 'the key derivation');
    if (oidOf(kdfOid) !== OID.pbkdf2) {
        throw new CadesError('unsupported-encryption', `Unsupported key derivation ${oidOf(kdfOid)}.`);
    }

    const [saltNode, iterationNode, ...optional] = childrenOf(kdfParameters, TAG.sequence, 'PBKDF2-params');
    const prfNode = optional.find(node => node.tag === TAG.sequence);
    const prfOid = prfNode ? oidOf(prfNode.children[0]) : OID.hmacWithSha1;
    const hash = PRF_HASHES[prfOid];
    if (!hash) {
        throw new CadesError('unsupported-encryption', `Unsupported PBKDF2 function ${prfOid}.`);
    }

    const [cipherOid, ivNode] = childrenOf(encryptionScheme, TAG.sequence, 'the encryption scheme');
    const keyBits = AES_KEY_BITS[oidOf(cipherOid)];
    if (!keyBits) {
        throw new CadesError('unsupported-encryption', `Unsupported cipher ${oidOf(cipherOid)}.`);
    }

    // PKCS#12 v1.1 (RFC 7292 appendix B.1) and the tools that write PBES2 take the password as UTF-8.
    const passwordKey = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveKey']);
    const aesKey = await crypto.subtle.deriveKey(
        { name: 'PBKDF2', salt: octetsOf(saltNode), iterations: smallIntegerOf(iterationNode), hash },
        passwordKey,
        { name: 'AES-CBC', length: keyBits },
        false,
        ['decrypt']);
    try {
        const plain = await crypto.subtle.decrypt({ name: 'AES-CBC', iv: octetsOf(ivNode) }, aesKey, ciphertext);
        return new Uint8Array(plain);
    } catch {
        // A wrong key almost always breaks the CBC padding.
        throw new CadesError('wrong-password', 'The password does not open the key file.');
    }
}

/**
 * The SafeBags of every safe in the file, encrypted safes decrypted.
 * PFX ::= SEQUENCE { version 3, authSafe ContentInfo, macData OPTIONAL }
 * AuthenticatedSafe ::= SEQUENCE OF ContentInfo   -- id-data or id-encryptedData
 * EncryptedData ::= SEQUENCE { version, EncryptedContentInfo SEQUENCE {
 *     contentType, contentEncryptionAlgorithm, encryptedContent [0] IMPLICIT OCTET STRING } }
 */
async function readSafeBags(p12, password) {
    let pfx;
    try {
        pfx = readRoot(p12);
    } catch (error) {
        throw error instanceof CadesError ? error : new CadesError('not-pkcs12', String(error));
    }

    const [version, authSafe] = childrenOf(pfx, TAG.sequence, 'a PFX');
    if (smallIntegerOf(version) !== 3 || oidOf(authSafe.children[0]) !== OID.data) {
        throw new CadesError('not-pkcs12', 'Not a password-integrity PKCS#12 file (version 3, id-data).');
    }

    const contentInfos = childrenOf(readRoot(dataContentOf(authSafe)), TAG.sequence, 'an AuthenticatedSafe');
    const bags = [];
    for (const contentInfo of contentInfos) {
        const type = oidOf(contentInfo.children[0]);
        let safeContents;
        if (type === OID.data) {
            safeContents = dataContentOf(contentInfo);
        } else if (type === OID.encryptedData) {
            const [, encryptedContentInfo] = childrenOf(contentOf(contentInfo), TAG.sequence, 'EncryptedData');
            const [, algorithm, encrypted] = childrenOf(encryptedContentInfo, TAG.sequence, 'EncryptedContentInfo');
            if (!encrypted || (encrypted.tag !== TAG.context0Primitive && encrypted.tag !== TAG.context0)) {
                throw new CadesError('not-pkcs12', 'An encrypted safe without content.');
            }

            safeContents = await decryptPbes2(algorithm, octetsOf(encrypted), password);
        } else {
            continue; // e.g. public-key privacy (enveloped data): not used by key files for people
        }

        bags.push(...childrenOf(readRoot(safeContents), TAG.sequence, 'SafeContents'));
    }

    return bags;
}

/**
 * The private key (PKCS#8 PrivateKeyInfo DER) and the certificates of a PKCS#12 file.
 * SafeBag ::= SEQUENCE { bagId OBJECT IDENTIFIER, bagValue [0] EXPLICIT ANY, bagAttributes SET OPTIONAL }
 */
async function openPkcs12(p12, password) {
    const keys = [];
    const certificates = [];
    for (const bag of await readSafeBags(p12, password)) {
        const [bagId, wrapped] = childrenOf(bag, TAG.sequence, 'a SafeBag');
        const value = explicitZero(wrapped);
        switch (oidOf(bagId)) {
            case OID.keyBag:
                keys.push(value.raw);
                break;
            case OID.pkcs8ShroudedKeyBag: {
                // EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm, encryptedData OCTET STRING }
                const [algorithm, encrypted] = childrenOf(value, TAG.sequence, 'EncryptedPrivateKeyInfo');
                keys.push(await decryptPbes2(algorithm, octetsOf(encrypted), password));
                break;
            }
            case OID.certBag: {
                // CertBag ::= SEQUENCE { certId OBJECT IDENTIFIER, certValue [0] EXPLICIT OCTET STRING }
                const [certId, certValue] = childrenOf(value, TAG.sequence, 'CertBag');
                if (oidOf(certId) === OID.x509Certificate) {
                    certificates.push(new Uint8Array(octetsOf(explicitZero(certValue))));
                }

                break;
            }
            default:
                break; // CRLs, secrets, nested safes: nothing a signature needs
        }
    }

    if (keys.length === 0) {
        throw new CadesError('no-key', 'The key file holds no private key.');
    }

    return { privateKey: new Uint8Array(keys[0]), certificates };
}

// ---------------------------------------------------------------------------------------------
// Keys and certificates
// ---------------------------------------------------------------------------------------------

/** Big-endian unsigned integer without leading zero bytes, for comparing moduli. */
function unsigned(bytes) {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) {
        start++;
    }

    return bytes.subarray(start);
}

function sameBytes(a, b) {
    return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * The RSA modulus of a PKCS#8 key.
 * PrivateKeyInfo ::= SEQUENCE { version, privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING }
 * RSAPrivateKey ::= SEQUENCE { version, modulus INTEGER, publicExponent INTEGER, ... }
 */
function rsaModulusOfPrivateKey(pkcs8) {
    const [, algorithm, privateKey] = childrenOf(readRoot(pkcs8), TAG.sequence, 'PrivateKeyInfo');
    const algorithmOid = oidOf(algorithm.children[0]);
    if (algorithmOid !== OID.rsaEncryption) {
        throw new CadesError('not-rsa', `The key is not RSA (${algorithmOid}); GOST keys need NCALayer.`);
    }

    const [, modulus] = childrenOf(readRoot(octetsOf(privateKey)), TAG.sequence, 'RSAPrivateKey');
    return unsigned(expectTag(modulus, TAG.integer, 'the modulus').content);
}

/**
 * The parts of an X.509 certificate a signature refers to.
 * Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }
 * TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, validity,
 *                               subject, subjectPublicKeyInfo, ... }
 */
function readCertificate(der) {
    const bytes = der instanceof Uint8Array ? der : new Uint8Array(der);
    const [tbs] = childrenOf(readRoot(bytes), TAG.sequence, 'a Certificate');
    const fields = childrenOf(tbs, TAG.sequence, 'a TBSCertificate');
    const at = fields[0].tag === TAG.context0 ? 1 : 0;
    const serialNumber = expectTag(fields[at], TAG.integer, 'the serial number');
    const issuer = expectTag(fields[at + 2], TAG.sequence, 'the issuer');
    const subject = expectTag(fields[at + 4], TAG.sequence, 'the subject');
    const publicKeyInfo = expectTag(fields[at + 5], TAG.sequence, 'the public key');
    return { der: bytes, serialNumber, issuer, subject, publicKeyInfo };
}

/** The RSA modulus of a certificate, or null for another key type. */
function rsaModulusOfCertificate(certificate) {
    // SubjectPublicKeyInfo ::= SEQUENCE { algorithm, subjectPublicKey BIT STRING (RSAPublicKey) }
    const [algorithm, bitString] = certificate.publicKeyInfo.children;
    if (oidOf(algorithm.children[0]) !== OID.rsaEncryption) {
        return null;
    }

    const [modulus] = childrenOf(readRoot(bitString.content.subarray(1)), TAG.sequence, 'RSAPublicKey');
    return unsigned(modulus.content);
}

/** The first value of an attribute in a Name (SEQUENCE OF SET OF AttributeTypeAndValue). */
function nameAttribute(name, oid) {
    for (const relativeName of name.children) {
        for (const typeAndValue of relativeName.children) {
            const [type, value] = typeAndValue.children;
            if (oidOf(type) === oid) {
                return stringOf(value);
            }
        }
    }

    return null;
}

/**
 * The IIN in a certificate's subject serial number (OID 2.5.4.5, "IIN" + 12 digits, as Kazakh
 * certificates carry it), or null.
 * @param {Uint8Array|ArrayBuffer} certificateDer
 * @returns {string|null}
 */
export function iinOf(certificateDer) {
    const serial = nameAttribute(readCertificate(certificateDer).subject, OID.serialNumber);
    const match = /^IIN(\d{12})$/.exec(serial ?? '');
    return match ? match[1] : null;
}

// ---------------------------------------------------------------------------------------------
// CMS SignedData
// ---------------------------------------------------------------------------------------------

async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/**
 * The signed attributes' content octets (sorted as DER SET OF requires).
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
 * ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256 (so left out), certHash OCTET STRING,
 *                            issuerSerial SEQUENCE { issuer GeneralNames, serialNumber } }
 */
async function signedAttributes(certificate, contentDigest, signingTime) {
    const issuerSerial = sequence(
        sequence(tlv(TAG.context4, certificate.issuer.raw)), // GeneralNames { directoryName [4] Name }
        certificate.serialNumber.raw);
    const essCertId = sequence(octetString(await sha256(certificate.der)), issuerSerial);
    return setOfContent([
        attribute(OID.contentType, objectIdentifier(OID.data)),
        attribute(OID.signingTime, time(signingTime)),
        attribute(OID.messageDigest, octetString(contentDigest)),
        attribute(OID.signingCertificateV2, sequence(sequence(essCertId))),
    ]);
}

function signedData(certificate, attributesContent, signatureValue) {
    const sha256Algorithm = sequence(objectIdentifier(OID.sha256));
    const signerInfo = sequence(
        smallInteger(1),
        sequence(certificate.issuer.raw, certificate.serialNumber.raw), // IssuerAndSerialNumber
        sha256Algorithm,
        tlv(TAG.context0, attributesContent), // signedAttrs [0] IMPLICIT SET OF Attribute
        sequence(objectIdentifier(OID.sha256WithRsaEncryption), derNull()),
        octetString(signatureValue));
    const content = sequence(
        smallInteger(1),
        tlv(TAG.set, sha256Algorithm),
        sequence(objectIdentifier(OID.data)), // encapContentInfo without eContent: detached
        tlv(TAG.context0, certificate.der), // certificates [0] IMPLICIT SET OF
        tlv(TAG.set, signerInfo));
    return sequence(objectIdentifier(OID.signedData), tlv(TAG.context0, content));
}

/**
 * Signs `content` with the key in a PKCS#12 file: a detached CAdES-BES signature (DER CMS).
 * @param {Uint8Array} p12Bytes the key file
 * @param {string} password its password
 * @param {Uint8Array} content the exact bytes to sign (the contract PDF)
 * @param {Date} [signingTime] the moment to state in the signature (now by default)
 * @returns {Promise<{signature: Uint8Array, iin: string|null, commonName: string|null, certificate: Uint8Array}>}
 */
export async function signDetached(p12Bytes, password, content, signingTime = new Date()) {
    if (!globalThis.crypto?.subtle) {
        throw new Error('WebCrypto is not available: the page must be served over HTTPS (or from localhost).');
    }

    const bytes = p12Bytes instanceof Uint8Array ? p12Bytes : new Uint8Array(p12Bytes);
    const data = content instanceof Uint8Array ? content : new Uint8Array(content);
    const { privateKey, certificates } = await openPkcs12(bytes, password ?? '');

    const modulus = rsaModulusOfPrivateKey(privateKey);
    const certificate = certificates.map(readCertificate).find(candidate => {
        const candidateModulus = rsaModulusOfCertificate(candidate);
        return candidateModulus !== null && sameBytes(candidateModulus, modulus);
    });
    if (!certificate) {
        throw new CadesError('no-certificate', 'The key file holds no certificate for its key.');
    }

    const key = await crypto.subtle.importKey(
        'pkcs8', privateKey, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    const attributesContent = await signedAttributes(certificate, await sha256(data), signingTime);
    // The signature covers the attributes encoded as a SET (RFC 5652 5.4), not as [0].
    const signatureValue = new Uint8Array(await crypto.subtle.sign(
        { name: 'RSASSA-PKCS1-v1_5' }, key, tlv(TAG.set, attributesContent)));

    return {
        signature: signedData(certificate, attributesContent, signatureValue),
        iin: iinOf(certificate.der),
        commonName: nameAttribute(certificate.subject, OID.commonName),
        certificate: certificate.der,
    };
}
