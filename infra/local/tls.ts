// TLS for the local stack: a local certificate authority made on first start and kept under .local/
// (ca.pem, ca-key.pem), a server certificate it signs for the loopback names only (127.0.0.1, ::1,
// localhost; server.pem, server-key.pem, renewed when it nears its end or the CA changed), and one port
// that speaks both plain HTTP and TLS: the first byte of a connection tells a TLS ClientHello (0x16)
// from an HTTP request. So `http://127.0.0.1:4000` and `https://127.0.0.1:4000` (ws:// and wss://) are
// the same API — which is what Amplify JS v6 needs: it dials wss:// on the GraphQL URL's host and port
// whatever the URL's scheme. Clients trust the CA: NODE_EXTRA_CA_CERTS=.local/ca.pem for Node, the
// browser's or system's certificate store for browsers (README "Run it locally").
// Keys are made by node:crypto; node-forge only writes the X.509 certificates.
import { X509Certificate, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { join } from 'node:path';
import forge from 'node-forge';

export interface LocalTls {
  /** Absolute path of the CA certificate clients trust (ca.pem). */
  caFile: string;
  ca: string;
  key: string;
  cert: string;
}

const DAY = 86_400_000;
const CA_DAYS = 3650;
/** Server certificates: a year (under the 398 days some clients allow any TLS certificate), renewed in their last 30 days. */
const SERVER_DAYS = 365;
const RENEW_DAYS = 30;
const LOOPBACK = { dns: ['localhost'], ip: ['127.0.0.1', '::1'] };

function writeAtomic(file: string, text: string, mode = 0o644) {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, file);
}

function rsaKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { pem, forgePrivate: forge.pki.privateKeyFromPem(pem), forgePublic: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()) };
}

function serial(): string {
  // Positive (top bit clear), 16 bytes, as CAs issue them.
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate, days: number) {
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 5 * 60_000);
  cert.validity.notAfter = new Date(now + days * DAY);
}

function makeCa(): { cert: string; key: string } {
  const keys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.forgePublic;
  cert.serialNumber = serial();
  validity(cert, CA_DAYS);
  const name = [
    { name: 'commonName', value: `drs-orchestrator local CA (${randomBytes(4).toString('hex')})` },
    { name: 'organizationName', value: 'drs-orchestrator local stack' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.forgePrivate, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.pem };
}

function makeServer(ca: { cert: string; key: string }): { cert: string; key: string } {
  const keys = rsaKeys();
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.forgePublic;
  cert.serialNumber = serial();
  validity(cert, SERVER_DAYS);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [...LOOPBACK.dns.map((value) => ({ type: 2, value })), ...LOOPBACK.ip.map((ip) => ({ type: 7, ip }))] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.key), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.pem };
}

/** Whether a server certificate is still good: signed by this CA, for the loopback names, not near its end. */
function serverCertUsable(certPem: string, caPem: string): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const ca = new X509Certificate(caPem);
    if (!cert.verify(ca.publicKey) || !cert.checkIssued(ca)) return false;
    if (Date.parse(cert.validTo) - Date.now() < RENEW_DAYS * DAY) return false;
    return LOOPBACK.dns.every((d) => cert.checkHost(d) !== undefined) && LOOPBACK.ip.every((ip) => cert.checkIP(ip) !== undefined);
  } catch {
    return false;
  }
}

/** The local CA and server certificate in `dir`, made (or the server's renewed) as needed. */
export function localTls(dir: string): LocalTls {
  mkdirSync(dir, { recursive: true });
  const files = { ca: join(dir, 'ca.pem'), caKey: join(dir, 'ca-key.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server-key.pem') };
  let ca: { cert: string; key: string } | undefined;
  if (existsSync(files.ca) && existsSync(files.caKey)) {
    ca = { cert: readFileSync(files.ca, 'utf8'), key: readFileSync(files.caKey, 'utf8') };
    try {
      if (Date.parse(new X509Certificate(ca.cert).validTo) - Date.now() < RENEW_DAYS * DAY) ca = undefined;
    } catch {
      ca = undefined;
    }
  }
  if (!ca) {
    ca = makeCa();
    writeAtomic(files.caKey, ca.key, 0o600);
    writeAtomic(files.ca, ca.cert);
    // Two stacks starting at once in one tree: the CA on disk is the one clients will trust.
    const onDisk = { cert: readFileSync(files.ca, 'utf8'), key: readFileSync(files.caKey, 'utf8') };
    if (onDisk.cert !== ca.cert) ca = onDisk;
  }
  let server = existsSync(files.cert) && existsSync(files.key) ? { cert: readFileSync(files.cert, 'utf8'), key: readFileSync(files.key, 'utf8') } : undefined;
  if (!server || !serverCertUsable(server.cert, ca.cert)) {
    server = makeServer(ca);
    writeAtomic(files.key, server.key, 0o600);
    writeAtomic(files.cert, server.cert);
  }
  return { caFile: files.ca, ca: ca.cert, key: server.key, cert: server.cert };
}

export interface DualListener {
  port: number;
  close(): Promise<void>;
}

/**
 * Listens on one port for `server` (an http.Server with its request and upgrade listeners) in plain
 * HTTP and, with `tls`, in TLS too: a connection whose first byte is a TLS handshake goes to an HTTPS
 * server that hands its requests and upgrades to `server`'s own listeners.
 */
export async function listenHttpAndHttps(server: http.Server, tls: LocalTls | undefined, port: number, host: string): Promise<DualListener> {
  const secure = tls ? https.createServer({ key: tls.key, cert: tls.cert }) : undefined;
  secure?.on('request', (req, res) => server.emit('request', req, res));
  secure?.on('upgrade', (req, socket, head) => server.emit('upgrade', req, socket, head));
  // A failed handshake (a client that does not trust the CA) is the client's business.
  secure?.on('tlsClientError', (_err, socket) => socket.destroy());
  const sockets = new Set<net.Socket>();
  const front = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk);
      (secure && chunk[0] === 0x16 ? secure : server).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(port, host, () => resolve());
  });
  return {
    port: (front.address() as net.AddressInfo).port,
    async close() {
      await new Promise<void>((resolve) => {
        front.close(() => resolve());
        server.closeAllConnections();
        secure?.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
    },
  };
}
