// The server side of Cognito's SRP sign-in (USER_SRP_AUTH → PASSWORD_VERIFIER), as clients compute it:
// SRP-6a over the 3072-bit group of RFC 5054 with g = 2 and SHA-256, in Cognito's variant, read from
// Amplify JS v6 (packages/auth/src/providers/cognito/utils/srp/) and amazon-cognito-identity-js:
//   k = H(pad(N) | pad(g))                       every H is SHA-256 over the bytes of its hex input
//   x = H(pad(salt) | H(poolName | userId | ':' | password))   poolName: the pool id after '_'
//   u = H(pad(A) | pad(B)),   S = (A · v^u)^b mod N,   v = g^x mod N,   B = k·v + g^b mod N
//   key = HKDF-SHA256(ikm = pad(S), salt = pad(u), info = 'Caldera Derived Key' 0x01), first 16 bytes
//   PASSWORD_CLAIM_SIGNATURE = base64 HMAC-SHA256(key, poolName | userId | SECRET_BLOCK bytes | TIMESTAMP)
// where pad() is the hex of a positive integer, even-length, with '00' before it when its first bit is
// set (Java's BigInteger.toByteArray). TIMESTAMP is like "Mon Nov 30 14:27:48 UTC 2026" (day unpadded).
// The local pool keeps passwords (it writes them to endpoints.json), so the verifier is computed at
// sign-in from the password instead of being stored.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';
export const N = BigInt(`0x${N_HEX}`);
export const g = 2n;

/** Hex of a non-negative integer as Cognito pads it: even length, '00' first when the top bit is set. */
export function padHex(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

export const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
/** SHA-256 of the bytes a hex string spells. */
export const hashHex = (hex: string) => sha256Hex(Buffer.from(hex, 'hex'));
export const fromHex = (hex: string) => BigInt(`0x${hex}`);

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

export const k = fromHex(hashHex(padHex(N) + padHex(g)));

/** The pool's name in SRP: the part of the pool id after the region and '_'. */
export const poolName = (userPoolId: string) => userPoolId.split('_')[1] ?? '';

/** x = H(pad(salt) | H(poolName | userId ':' password)). */
export function privateKeyX(pool: string, userId: string, password: string, salt: bigint): bigint {
  return fromHex(hashHex(padHex(salt) + sha256Hex(`${pool}${userId}:${password}`)));
}

export const scrambler = (A: bigint, B: bigint) => fromHex(hashHex(padHex(A) + padHex(B)));

/** HKDF-SHA256 with one output block, 16 bytes, as Cognito's clients derive the password key. */
export function passwordKey(S: bigint, u: bigint): Buffer {
  const prk = createHmac('sha256', Buffer.from(padHex(u), 'hex')).update(Buffer.from(padHex(S), 'hex')).digest();
  return createHmac('sha256', prk).update(Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])])).digest().subarray(0, 16);
}

/** The claim signature: base64 HMAC-SHA256(key, poolName | userId | secret block bytes | timestamp). */
export function claimSignature(key: Buffer, pool: string, userId: string, secretBlock: string, timestamp: string): string {
  return createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(pool, 'utf8'), Buffer.from(userId, 'utf8'), Buffer.from(secretBlock, 'base64'), Buffer.from(timestamp, 'utf8')]))
    .digest('base64');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const TIMESTAMP = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):([0-5]\d):([0-5]\d) UTC (\d{4})$/;

/** Cognito's TIMESTAMP for a moment: "Mon Nov 30 14:27:48 UTC 2026". */
export function cognitoTimestamp(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** The moment a TIMESTAMP names, or undefined when it is not in Cognito's format (or names no real day). */
export function parseCognitoTimestamp(text: string): Date | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [, day, month, date, h, min, s, year] = m;
  const d = new Date(Date.UTC(Number(year), MONTHS.indexOf(month), Number(date), Number(h), Number(min), Number(s)));
  if (d.getUTCDate() !== Number(date) || DAYS[d.getUTCDay()] !== day) return undefined;
  return d;
}

/** What the server keeps between InitiateAuth and RespondToAuthChallenge. */
export interface SrpChallenge {
  A: bigint;
  b: bigint;
  B: bigint;
  salt: bigint;
}

/** A fresh salt (16 random bytes, as a positive integer). */
export const newSalt = () => fromHex(randomBytes(16).toString('hex'));

export function verifier(pool: string, userId: string, password: string, salt: bigint): bigint {
  return modPow(g, privateKeyX(pool, userId, password, salt), N);
}

/**
 * Answers a client's SRP_A for a user's verifier: the challenge to keep, and SALT and SRP_B (hex) to
 * send; undefined when A is not a legal SRP_A (not hex, or A mod N = 0).
 */
export function startSrp(srpA: string, salt: bigint, v: bigint): { challenge: SrpChallenge; SALT: string; SRP_B: string } | undefined {
  if (!/^[0-9a-fA-F]{1,1600}$/.test(srpA)) return undefined;
  const A = fromHex(srpA);
  if (A % N === 0n) return undefined;
  for (;;) {
    const b = fromHex(randomBytes(128).toString('hex'));
    const B = (k * v + modPow(g, b, N)) % N;
    if (B % N !== 0n) return { challenge: { A, b, B, salt }, SALT: padHex(salt), SRP_B: B.toString(16) };
  }
}

/**
 * Whether the client's PASSWORD_CLAIM_SIGNATURE proves it knows `password` for this challenge
 * (B already made with the user's verifier).
 */
export function verifyClaim(input: {
  challenge: SrpChallenge;
  verifier: bigint;
  pool: string;
  userId: string;
  secretBlock: string;
  timestamp: string;
  signature: string;
}): boolean {
  const { challenge, pool, userId } = input;
  const u = scrambler(challenge.A, challenge.B);
  if (u === 0n) return false;
  const S = modPow((challenge.A * modPow(input.verifier, u, N)) % N, challenge.b, N);
  const expected = Buffer.from(claimSignature(passwordKey(S, u), pool, userId, input.secretBlock, input.timestamp), 'base64');
  const given = Buffer.from(input.signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
