/**
 * HTTPS for halls that want a secure context on their LAN (the kiosk's offline reload needs a service
 * worker, and browsers allow those only over HTTPS or on localhost). YINGBIN_TLS_CERT and YINGBIN_TLS_KEY
 * name PEM files (`npm run cert` makes them); a file that cannot be read or is no PEM stops the start
 * with a message naming the variable, rather than a server that tablets cannot open.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

export class TlsError extends Error {}

/** The certificate and key named by the environment; undefined when neither is set (plain HTTP). */
export function tlsFromEnv(env: NodeJS.ProcessEnv = process.env): TlsFiles | undefined {
  const certPath = env.YINGBIN_TLS_CERT?.trim();
  const keyPath = env.YINGBIN_TLS_KEY?.trim();
  if (!certPath && !keyPath) return undefined;
  if (!certPath)
    throw new TlsError(
      'YINGBIN_TLS_KEY is set but YINGBIN_TLS_CERT is not: set both (npm run cert makes them) or neither',
    );
  if (!keyPath)
    throw new TlsError(
      'YINGBIN_TLS_CERT is set but YINGBIN_TLS_KEY is not: set both (npm run cert makes them) or neither',
    );
  const cert = read('YINGBIN_TLS_CERT', certPath);
  const key = read('YINGBIN_TLS_KEY', keyPath);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (e) {
    throw new TlsError(`YINGBIN_TLS_CERT: ${certPath} is not a PEM certificate (${(e as Error).message})`);
  }
  try {
    const k = createPrivateKey(key);
    if (!x509.checkPrivateKey(k))
      throw new TlsError(
        `YINGBIN_TLS_KEY: ${keyPath} is not the key of the certificate in YINGBIN_TLS_CERT (${certPath})`,
      );
  } catch (e) {
    if (e instanceof TlsError) throw e;
    throw new TlsError(`YINGBIN_TLS_KEY: ${keyPath} is not a PEM private key (${(e as Error).message})`);
  }
  try {
    createSecureContext({ cert, key }); // whatever else TLS would refuse (e.g. a chain in the wrong order)
  } catch (e) {
    throw new TlsError(`YINGBIN_TLS_CERT / YINGBIN_TLS_KEY: TLS refuses them (${(e as Error).message})`);
  }
  if (Date.parse(x509.validTo) < Date.now())
    throw new TlsError(`YINGBIN_TLS_CERT: ${certPath} expired on ${x509.validTo}; make a new one with npm run cert`);
  return { cert, key };
}

function read(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new TlsError(
      `${variable}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
}
