// Amazon S3 (restXml) as one of the AWS emulator's services: enough for a template bucket — buckets
// (CreateBucket, HeadBucket, DeleteBucket, ListBuckets, GetBucketLocation) and objects (PutObject,
// GetObject with a single byte range, HeadObject, DeleteObject, ListObjectsV2). Anything else answers
// S3's NotImplemented. Error bodies are S3's `<Error><Code/><Message/>…<RequestId/><HostId/></Error>`
// with the codes, messages and statuses S3 answers (LocalStack's AWS-validated snapshots,
// tests/aws/services/s3/test_s3.snapshot.json); HEAD errors have no body, as in S3.
//
// Addressing. Both styles are served, chosen from the Host header:
// - path style, `Host: 127.0.0.1:4566`, `PUT /bucket/key`. This is what SDK v3 sends with
//   `forcePathStyle: true`, and also without it whenever the endpoint (AWS_ENDPOINT_URL or `endpoint`)
//   is an IP address: the S3 endpoint rules never put a bucket in front of an IP (checked with
//   @aws-sdk/client-s3 3.1174: `PUT /tmpl-bucket/a/b%20c.yaml?x-id=PutObject`, Host 127.0.0.1:<port>).
// - virtual-hosted style, `Host: bucket.localhost:4566` (or bucket.127.0.0.1, bucket.s3.amazonaws.com,
//   bucket.s3.<region>.amazonaws.com), `PUT /key`. SDK v3 sends this for a host-name endpoint such as
//   `http://localhost:4566` without forcePathStyle; Node cannot resolve `bucket.localhost` by itself,
//   so over the network that needs a resolver, but the in-process requestHandler serves it as is.
// The SDK's `x-id` query parameter is ignored.
//
// Bodies. PutObject comes with `x-amz-content-sha256` set to the payload's SHA-256 (a Buffer or
// string body) or, for a stream body, `STREAMING-UNSIGNED-PAYLOAD-TRAILER` with an aws-chunked body
// (`Content-Encoding: aws-chunked`, `x-amz-decoded-content-length`, and the checksum in a trailer
// named by `x-amz-trailer`): the chunks are decoded here and the trailing checksum checked, which is
// what protects an unsigned payload. CRC32, SHA-1, SHA-256 and Content-MD5 are verified; CRC32C and
// CRC64NVME are kept and answered back unverified.
//
// Not emulated: region redirects (a bucket answers whatever region a request is signed for), ACLs and
// bucket policies (any principal the emulator knows may read any bucket, as if a bucket policy granted
// the organisation read access; writes are the owner account's only), versioning, multipart uploads.
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { type AuthFailure, type AwsRequest, type AwsResponse, type AwsService, type CallContext, ServiceError, toXml } from './protocol.ts';
import { headerValue } from './sigv4.ts';

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const BUCKET_NAME = /^(?!xn--|sthree-|.*-s3alias$|.*--ol-s3$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MAX_KEYS = 1000;
// Query parameters that name a sub-resource (an operation this emulator does not serve).
const SUBRESOURCES = ['acl', 'policy', 'tagging', 'versioning', 'lifecycle', 'cors', 'website', 'logging', 'notification', 'replication', 'encryption', 'uploads', 'uploadId', 'partNumber', 'versionId', 'versions', 'delete', 'restore', 'select', 'attributes', 'retention', 'legal-hold', 'object-lock', 'ownershipControls', 'publicAccessBlock', 'accelerate', 'analytics', 'inventory', 'metrics', 'requestPayment', 'intelligent-tiering'];
const CHECKSUMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
type ChecksumName = (typeof CHECKSUMS)[number];
// Stored with the object and answered back as they were sent.
const KEPT_HEADERS = ['cache-control', 'content-disposition', 'content-language', 'expires'];

export interface S3Object {
  key: string;
  body: Buffer;
  contentType: string;
  contentEncoding?: string;
  etag: string;
  lastModified: Date;
  metadata: Record<string, string>;
  headers: Record<string, string>;
  checksums: Partial<Record<ChecksumName, string>>;
}
export interface S3Bucket {
  name: string;
  region: string;
  owner: string;
  created: Date;
  objects: Map<string, S3Object>;
}
export interface S3Service extends AwsService {
  /** Every bucket, by name (the namespace is global, as in S3). */
  buckets: Map<string, S3Bucket>;
  /** An object as stored, or a ServiceError NoSuchBucket / NoSuchKey. */
  getObject(bucket: string, key: string): S3Object;
}

/**
 * The bucket and key an S3 object URL names: `https://s3[.-<region>].amazonaws.com/b/k`,
 * `https://b.s3[.<region>].amazonaws.com/k`, or this emulator's own `http://127.0.0.1:<port>/b/k`
 * (any loopback host, path style, or `b.localhost`). Undefined for anything else (`s3://` included,
 * which CloudFormation refuses too).
 */
export function s3ObjectUrl(url: string): { bucket: string; key: string } | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const vhost = virtualHostBucket(host);
  if (vhost) return u.pathname.length > 1 ? { bucket: vhost, key: decode(u.pathname.slice(1)) } : undefined;
  const loopback = host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  if (!loopback && !/^s3([.-](dualstack\.)?[a-z0-9-]+)?\.amazonaws\.com$/.test(host)) return undefined;
  const m = /^\/([^/]+)\/(.+)$/.exec(u.pathname);
  return m ? { bucket: decode(m[1]), key: decode(m[2]) } : undefined;
}

/** The bucket a virtual-hosted-style host name carries, if it is one. */
function virtualHostBucket(hostname: string): string | undefined {
  const m =
    /^(.+)\.s3(?:[.-](?:dualstack\.)?[a-z0-9-]+)?\.amazonaws\.com$/.exec(hostname) ??
    /^(.+)\.localhost$/.exec(hostname) ??
    /^(.+)\.127\.\d+\.\d+\.\d+$/.exec(hostname);
  return m?.[1];
}

function s3Error(code: string, message: string, status: number, fields: Record<string, unknown> = {}): ServiceError {
  return new ServiceError(code, message, status, fields);
}
const noSuchBucket = (bucket: string) => s3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
const noSuchKey = (key: string) => s3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
const accessDenied = () => s3Error('AccessDenied', 'Access Denied', 403);
const notImplemented = () => s3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', 501);

function hostId(): string {
  return randomBytes(48).toString('base64');
}

function baseHeaders(requestId: string): Record<string, string> {
  return { 'x-amz-request-id': requestId, 'x-amz-id-2': hostId(), date: new Date().toUTCString(), server: 'AmazonS3' };
}

function xmlAnswer(status: number, xml: string, requestId: string, extra: Record<string, string> = {}): AwsResponse {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
  return { status, headers: { ...baseHeaders(requestId), 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)), ...extra }, body };
}

/**
 * An answer with a binary body. The dispatcher writes `body` with `res.end()` and `Buffer.from()`,
 * both of which take a Buffer as it is; AwsResponse (protocol.ts) types it as a string only because
 * every other service answers text.
 */
function binaryAnswer(status: number, headers: Record<string, string>, body: Buffer): AwsResponse {
  return { status, headers, body: body as unknown as string };
}

function errorAnswer(err: ServiceError, requestId: string, head: boolean): AwsResponse {
  if (head) return { status: err.status, headers: { ...baseHeaders(requestId), 'content-length': '0' }, body: '' };
  const inner = toXml('Code', err.code, 'member') + toXml('Message', err.message, 'member') + Object.entries(err.fields).map(([k, v]) => toXml(k, v, 'member')).join('');
  return xmlAnswer(err.status, `<Error>${inner}<RequestId>${requestId}</RequestId><HostId>${hostId()}</HostId></Error>`, requestId);
}

function authError(failure: AuthFailure): ServiceError {
  switch (failure.code) {
    case 'MissingAuthenticationToken':
      return accessDenied();
    case 'UnrecognizedClient':
      return s3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403);
    case 'SignatureExpired':
      return s3Error('RequestTimeTooSkewed', `The difference between the request time and the current time is too large. ${failure.message}`, 403);
    default:
      return s3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', 403);
  }
}

// ---------------------------------------------------------------- bodies and checksums

/**
 * Decodes an aws-chunked body (`<hex size>[;chunk-signature=…]\r\n<data>\r\n` … `0\r\n`, then
 * `name:value\r\n` trailers and a blank line) into its data and trailers.
 */
export function decodeAwsChunked(body: Buffer): { data: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  let at = 0;
  const line = () => {
    const end = body.indexOf('\r\n', at);
    if (end < 0) throw s3Error('IncompleteBody', 'The request body terminated unexpectedly', 400);
    const text = body.subarray(at, end).toString('latin1');
    at = end + 2;
    return text;
  };
  for (;;) {
    const size = parseInt(line().split(';')[0], 16);
    if (!Number.isInteger(size) || size < 0) throw s3Error('IncompleteBody', 'The request body terminated unexpectedly', 400);
    if (size === 0) break;
    if (at + size + 2 > body.length) throw s3Error('IncompleteBody', 'The request body terminated unexpectedly', 400);
    parts.push(body.subarray(at, at + size));
    at += size + 2;
  }
  const trailers: Record<string, string> = {};
  while (at < body.length) {
    const text = line();
    if (text === '') break;
    const colon = text.indexOf(':');
    if (colon > 0) trailers[text.slice(0, colon).trim().toLowerCase()] = text.slice(colon + 1).trim();
  }
  return { data: Buffer.concat(parts), trailers };
}

function checksumOf(name: ChecksumName, data: Buffer): string | undefined {
  if (name === 'crc32') {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc32(data) >>> 0);
    return out.toString('base64');
  }
  if (name === 'sha1' || name === 'sha256') return createHash(name).update(data).digest('base64');
  return undefined;
}

function checkChecksums(data: Buffer, given: Partial<Record<ChecksumName, string>>, where: 'header' | 'trailing header'): void {
  for (const [name, value] of Object.entries(given) as Array<[ChecksumName, string]>) {
    const expected = checksumOf(name, data);
    if (expected === undefined) continue;
    if (Buffer.from(value, 'base64').length !== Buffer.from(expected, 'base64').length) {
      throw s3Error('InvalidRequest', `Value for x-amz-checksum-${name} ${where} is invalid.`, 400);
    }
    if (value !== expected) throw s3Error('BadDigest', `The ${name.toUpperCase()} you specified did not match the calculated checksum.`, 400);
  }
}

/** The object's bytes and checksums from a PutObject request, checked. */
function readPutBody(req: AwsRequest): { data: Buffer; checksums: Partial<Record<ChecksumName, string>>; contentEncoding?: string } {
  const encodings = (headerValue(req.headers, 'content-encoding') ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  const chunked = encodings.includes('aws-chunked') || (headerValue(req.headers, 'x-amz-content-sha256') ?? '').startsWith('STREAMING-');
  const fromHeaders: Partial<Record<ChecksumName, string>> = {};
  for (const name of CHECKSUMS) {
    const value = headerValue(req.headers, `x-amz-checksum-${name}`);
    if (value !== undefined) fromHeaders[name] = value;
  }
  let data = req.body;
  let fromTrailer: Partial<Record<ChecksumName, string>> = {};
  if (chunked) {
    const decoded = decodeAwsChunked(req.body);
    data = decoded.data;
    const declared = headerValue(req.headers, 'x-amz-decoded-content-length');
    if (declared !== undefined && Number(declared) !== data.length) throw s3Error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400);
    const named = (headerValue(req.headers, 'x-amz-trailer') ?? '').toLowerCase();
    // An unsigned payload is only accepted with the checksum that protects it (see sigv4.ts).
    if (!named && headerValue(req.headers, 'x-amz-content-sha256') === 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') {
      throw s3Error('InvalidRequest', 'The x-amz-trailer header is required with x-amz-content-sha256 STREAMING-UNSIGNED-PAYLOAD-TRAILER.', 400);
    }
    if (named) {
      const algorithm = named.replace(/^x-amz-checksum-/, '') as ChecksumName;
      const value = decoded.trailers[named];
      if (!CHECKSUMS.includes(algorithm) || value === undefined) throw s3Error('InvalidRequest', `The value specified in the x-amz-trailer header is not supported`, 400);
      fromTrailer = { [algorithm]: value };
    }
  }
  checkChecksums(data, fromHeaders, 'header');
  checkChecksums(data, fromTrailer, 'trailing header');
  const md5 = headerValue(req.headers, 'content-md5');
  if (md5 !== undefined && md5 !== createHash('md5').update(data).digest('base64')) {
    throw s3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400);
  }
  const rest = encodings.filter((e) => e !== 'aws-chunked').join(',');
  return { data, checksums: { ...fromHeaders, ...fromTrailer }, contentEncoding: rest || undefined };
}

// ---------------------------------------------------------------- the service

function queryHas(req: AwsRequest, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(req.query, name);
}
function queryString(req: AwsRequest, name: string): string | undefined {
  const v = req.query[name];
  return Array.isArray(v) ? v[0] : v;
}
function decodePath(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The bucket and key a request addresses (see the top of this file). */
function addressOf(req: AwsRequest): { bucket?: string; key?: string } {
  const host = (headerValue(req.headers, 'host') ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  const vhost = virtualHostBucket(host);
  if (vhost) return { bucket: vhost, key: req.path.length > 1 ? decodePath(req.path.slice(1)) : undefined };
  const m = /^\/([^/]+)(?:\/(.*))?$/.exec(req.path);
  if (!m) return {};
  return { bucket: decodePath(m[1]), key: m[2] ? decodePath(m[2]) : undefined };
}

function canonicalUserId(accountId: string): string {
  return createHash('sha256').update(`s3-canonical:${accountId}`).digest('hex');
}

export function createS3Service(): S3Service {
  const buckets = new Map<string, S3Bucket>();

  function bucketOf(name: string): S3Bucket {
    const bucket = buckets.get(name);
    if (!bucket) throw noSuchBucket(name);
    return bucket;
  }
  function owned(name: string, ctx: CallContext): S3Bucket {
    const bucket = bucketOf(name);
    if (bucket.owner !== ctx.principal.accountId) throw accessDenied();
    return bucket;
  }

  function createBucket(req: AwsRequest, name: string, ctx: CallContext): AwsResponse {
    if (!BUCKET_NAME.test(name) || /^\d+\.\d+\.\d+\.\d+$/.test(name) || name.includes('..')) {
      throw s3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: name });
    }
    const config = req.body.toString('utf8');
    if (config.trim() && !/<CreateBucketConfiguration[\s>][\s\S]*<\/CreateBucketConfiguration>\s*$/.test(config.trim())) {
      throw s3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
    }
    const constraint = /<LocationConstraint>([^<]*)<\/LocationConstraint>/.exec(config)?.[1];
    if (constraint === undefined && ctx.region !== 'us-east-1') {
      throw s3Error('IllegalLocationConstraintException', 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.', 400);
    }
    if (constraint !== undefined && constraint !== ctx.region) {
      throw s3Error('IllegalLocationConstraintException', `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`, 400);
    }
    const existing = buckets.get(name);
    if (existing && existing.owner !== ctx.principal.accountId) {
      throw s3Error('BucketAlreadyExists', 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', 409, { BucketName: name });
    }
    // us-east-1 answers 200 to its owner creating the same bucket again; every other region 409.
    if (existing && !(ctx.region === 'us-east-1' && existing.region === 'us-east-1')) {
      throw s3Error('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { BucketName: name });
    }
    if (!existing) buckets.set(name, { name, region: ctx.region, owner: ctx.principal.accountId, created: ctx.now, objects: new Map() });
    return { status: 200, headers: { ...baseHeaders(ctx.requestId), location: `/${name}`, 'content-length': '0' }, body: '' };
  }

  function listBuckets(ctx: CallContext): AwsResponse {
    const mine = [...buckets.values()].filter((b) => b.owner === ctx.principal.accountId).sort((a, b) => a.name.localeCompare(b.name));
    const owner = toXml('Owner', { ID: canonicalUserId(ctx.principal.accountId) }, 'member');
    const list = mine.map((b) => toXml('Bucket', { Name: b.name, CreationDate: b.created, BucketRegion: b.region }, 'member')).join('');
    return xmlAnswer(200, `<ListAllMyBucketsResult xmlns="${XMLNS}">${owner}<Buckets>${list}</Buckets></ListAllMyBucketsResult>`, ctx.requestId);
  }

  function listObjectsV2(req: AwsRequest, bucket: S3Bucket, ctx: CallContext): AwsResponse {
    const prefix = queryString(req, 'prefix') ?? '';
    const delimiter = queryString(req, 'delimiter') || undefined;
    const rawMax = queryString(req, 'max-keys');
    const maxKeys = rawMax === undefined ? MAX_KEYS : Number(rawMax);
    if (!Number.isInteger(maxKeys) || maxKeys < 0) throw s3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400, { ArgumentName: 'max-keys', ArgumentValue: rawMax });
    const token = queryString(req, 'continuation-token');
    const startAfter = queryString(req, 'start-after');
    const urlEncoded = queryString(req, 'encoding-type') === 'url';
    let after = startAfter ?? '';
    if (token !== undefined) {
      const decoded = Buffer.from(token, 'base64url').toString('utf8');
      if (!decoded.startsWith('k:')) throw s3Error('InvalidArgument', 'The continuation token provided is incorrect', 400, { ArgumentName: 'continuation-token' });
      after = decoded.slice(2);
    }
    const keys = [...bucket.objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
    const contents: S3Object[] = [];
    const prefixes: string[] = [];
    let last: string | undefined;
    let truncated = false;
    for (const key of keys) {
      const rolled = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      const common = rolled >= 0 ? key.slice(0, rolled + (delimiter?.length ?? 0)) : undefined;
      if (common !== undefined && prefixes.includes(common)) {
        last = key;
        continue;
      }
      if (contents.length + prefixes.length >= maxKeys) {
        truncated = true;
        break;
      }
      if (common !== undefined) prefixes.push(common);
      else contents.push(bucket.objects.get(key) as S3Object);
      last = key;
    }
    const enc = (s: string) => (urlEncoded ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
    const items = contents
      .map((o) => toXml('Contents', { Key: enc(o.key), LastModified: o.lastModified, ETag: o.etag, Size: o.body.length, StorageClass: 'STANDARD' }, 'member'))
      .join('');
    const common = prefixes.map((p) => toXml('CommonPrefixes', { Prefix: enc(p) }, 'member')).join('');
    const head = {
      Name: bucket.name,
      Prefix: enc(prefix),
      Delimiter: delimiter === undefined ? undefined : enc(delimiter),
      MaxKeys: maxKeys,
      EncodingType: urlEncoded ? 'url' : undefined,
      KeyCount: contents.length + prefixes.length,
      IsTruncated: truncated,
      ContinuationToken: token,
      NextContinuationToken: truncated && last !== undefined ? Buffer.from(`k:${last}`).toString('base64url') : undefined,
      StartAfter: startAfter === undefined ? undefined : enc(startAfter),
    };
    const fields = Object.entries(head).map(([k, v]) => toXml(k, v, 'member')).join('');
    return xmlAnswer(200, `<ListBucketResult xmlns="${XMLNS}">${fields}${items}${common}</ListBucketResult>`, ctx.requestId);
  }

  function putObject(req: AwsRequest, bucket: S3Bucket, key: string, ctx: CallContext): AwsResponse {
    if (headerValue(req.headers, 'x-amz-copy-source') !== undefined) throw notImplemented();
    if (Buffer.byteLength(key) > 1024) throw s3Error('KeyTooLongError', 'Your key is too long', 400);
    const { data, checksums, contentEncoding } = readPutBody(req);
    const metadata: Record<string, string> = {};
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      const lower = name.toLowerCase();
      if (value === undefined) continue;
      const text = Array.isArray(value) ? value.join(',') : value;
      if (lower.startsWith('x-amz-meta-')) metadata[lower] = text;
      if (KEPT_HEADERS.includes(lower)) headers[lower] = text;
    }
    const object: S3Object = {
      key,
      body: data,
      contentType: headerValue(req.headers, 'content-type') ?? 'binary/octet-stream',
      contentEncoding,
      etag: `"${createHash('md5').update(data).digest('hex')}"`,
      lastModified: new Date(Math.floor(ctx.now.getTime() / 1000) * 1000),
      metadata,
      headers,
      checksums,
    };
    bucket.objects.set(key, object);
    const answered: Record<string, string> = { ...baseHeaders(ctx.requestId), etag: object.etag, 'content-length': '0' };
    for (const [name, value] of Object.entries(checksums)) answered[`x-amz-checksum-${name}`] = value;
    if (Object.keys(checksums).length) answered['x-amz-checksum-type'] = 'FULL_OBJECT';
    return { status: 200, headers: answered, body: '' };
  }

  function objectHeaders(o: S3Object, req: AwsRequest, requestId: string): Record<string, string> {
    const h: Record<string, string> = {
      ...baseHeaders(requestId),
      'content-type': o.contentType,
      'content-length': String(o.body.length),
      etag: o.etag,
      'last-modified': o.lastModified.toUTCString(),
      'accept-ranges': 'bytes',
      ...o.headers,
      ...o.metadata,
    };
    if (o.contentEncoding) h['content-encoding'] = o.contentEncoding;
    if (headerValue(req.headers, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED' && Object.keys(o.checksums).length) {
      for (const [name, value] of Object.entries(o.checksums)) h[`x-amz-checksum-${name}`] = value;
      h['x-amz-checksum-type'] = 'FULL_OBJECT';
    }
    return h;
  }

  function getObject(req: AwsRequest, o: S3Object, ctx: CallContext, head: boolean): AwsResponse {
    const headers = objectHeaders(o, req, ctx.requestId);
    const range = headerValue(req.headers, 'range');
    const m = range === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    if (!m || (m[1] === '' && m[2] === '')) return binaryAnswer(200, headers, head ? Buffer.alloc(0) : o.body);
    const size = o.body.length;
    let start = m[1] === '' ? Math.max(0, size - Number(m[2])) : Number(m[1]);
    let end = m[1] === '' ? size - 1 : m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (start >= size || start > end) {
      throw s3Error('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: range, ActualObjectSize: size });
    }
    start = Math.max(0, start);
    end = Math.max(start, end);
    const part = o.body.subarray(start, end + 1);
    // The checksums describe the whole object, not the range.
    for (const name of Object.keys(headers)) if (name.startsWith('x-amz-checksum-')) delete headers[name];
    return binaryAnswer(206, { ...headers, 'content-length': String(part.length), 'content-range': `bytes ${start}-${end}/${size}` }, head ? Buffer.alloc(0) : part);
  }

  function route(req: AwsRequest, ctx: CallContext): AwsResponse {
    const { bucket, key } = addressOf(req);
    const method = req.method.toUpperCase();
    if (SUBRESOURCES.some((name) => queryHas(req, name))) throw notImplemented();
    if (bucket === undefined) {
      if (method === 'GET') return listBuckets(ctx);
      throw s3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { Method: method, ResourceType: 'SERVICE' });
    }
    if (key === undefined) {
      if (method === 'PUT') return createBucket(req, bucket, ctx);
      if (method === 'HEAD') {
        const b = bucketOf(bucket);
        return { status: 200, headers: { ...baseHeaders(ctx.requestId), 'x-amz-bucket-region': b.region, 'content-length': '0' }, body: '' };
      }
      if (method === 'DELETE') {
        const b = owned(bucket, ctx);
        if (b.objects.size) throw s3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: bucket });
        buckets.delete(bucket);
        return { status: 204, headers: baseHeaders(ctx.requestId), body: '' };
      }
      if (method === 'GET' && queryHas(req, 'location')) {
        const b = bucketOf(bucket);
        const region = b.region === 'us-east-1' ? '' : b.region;
        return xmlAnswer(200, `<LocationConstraint xmlns="${XMLNS}">${region}</LocationConstraint>`, ctx.requestId);
      }
      if (method === 'GET' && queryString(req, 'list-type') === '2') return listObjectsV2(req, bucketOf(bucket), ctx);
      throw notImplemented();
    }
    if (method === 'PUT') return putObject(req, owned(bucket, ctx), key, ctx);
    if (method === 'GET' || method === 'HEAD') {
      const o = bucketOf(bucket).objects.get(key);
      if (!o) throw noSuchKey(key);
      return getObject(req, o, ctx, method === 'HEAD');
    }
    if (method === 'DELETE') {
      owned(bucket, ctx).objects.delete(key);
      return { status: 204, headers: baseHeaders(ctx.requestId), body: '' };
    }
    throw notImplemented();
  }

  return {
    buckets,
    getObject(bucket, key) {
      const o = bucketOf(bucket).objects.get(key);
      if (!o) throw noSuchKey(key);
      return o;
    },
    handle(req, ctx) {
      try {
        return route(req, ctx);
      } catch (err) {
        // Rendered here rather than by the dispatcher: only here is it known that a HEAD has no body.
        if (err instanceof ServiceError) return errorAnswer(err, ctx.requestId, req.method.toUpperCase() === 'HEAD');
        throw err;
      }
    },
    authFailure: (failure, requestId) => errorAnswer(authError(failure), requestId, false),
    error: (err, requestId) => errorAnswer(err.status >= 500 && err.code === 'InternalFailure' ? s3Error('InternalError', 'We encountered an internal error. Please try again.', 500) : err, requestId, false),
  };
}
