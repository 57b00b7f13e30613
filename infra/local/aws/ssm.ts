// AWS Systems Manager Parameter Store (awsJson 1.1, X-Amz-Target `AmazonSSM.<Operation>`) as one of the
// AWS emulator's services: PutParameter, GetParameter, GetParameters, DeleteParameter and
// GetParametersByPath, per account and region. Shapes follow the service model (botocore
// ssm/2014-11-06); names, ARNs and messages follow AWS's recorded answers where they are recorded
// (LocalStack's AWS-validated tests/aws/services/ssm, moto's ssm models otherwise). SecureString values
// are kept in memory in clear and answered without WithDecryption as an opaque, AES-GCM-sealed blob
// under a key made at start, as KMS ciphertext would be; there is no KMS, so any KeyId is accepted.
import { createCipheriv, randomBytes } from 'node:crypto';
import { type AwsService, type CallContext, ServiceError, awsJsonError, jsonAuthError, jsonResponse, paginate, parseJsonBody } from './protocol.ts';
import { headerValue } from './sigv4.ts';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
export const SSM_TARGET_PREFIX = 'AmazonSSM.';
const TYPES = ['String', 'StringList', 'SecureString'] as const;
type ParameterType = (typeof TYPES)[number];
const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'] as const;
const DATA_TYPES = ['text', 'aws:ec2:image', 'aws:ssm:integration'];
const DEFAULT_KEY_ID = 'alias/aws/ssm';
const MAX_VERSIONS = 100;
const MAX_LEVELS = 15;
const MAX_VALUE = { Standard: 4096, Advanced: 8192 } as const;
const BY_PATH_MAX_RESULTS = 10;

const PATH_MESSAGE =
  'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';
const PREFIX_MESSAGE = 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).';
const BY_PATH_MESSAGE =
  'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". It can\'t be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.';

interface ParameterVersion {
  version: number;
  type: ParameterType;
  value: string;
  /** What GetParameter answers for a SecureString without WithDecryption. */
  sealed?: string;
  keyId?: string;
  description?: string;
  allowedPattern?: string;
  dataType: string;
  tier: 'Standard' | 'Advanced';
  lastModified: Date;
}

interface ParameterRecord {
  /** The name as first created (`x` and `/x` are one top-level parameter). */
  name: string;
  versions: ParameterVersion[];
}

/** One parameter reference: a name or ARN with an optional `:version` (or `:label`) selector. */
interface Reference {
  name: string;
  byArn: boolean;
  selector?: string;
}

const validation = (message: string) => new ServiceError('ValidationException', message);
const notFound = (name: string) => new ServiceError('ParameterNotFound', `Parameter ${name} not found.`);

/** `x` and `/x` name the same top-level parameter; deeper names keep their leading slash. */
function keyOf(name: string): string {
  const stripped = name.startsWith('/') ? name.slice(1) : name;
  return stripped.includes('/') ? name : stripped;
}

function checkName(name: string): void {
  if (name.includes('/') && !name.startsWith('/')) throw validation(PATH_MESSAGE);
  const segments = (name.startsWith('/') ? name.slice(1) : name).split('/');
  if (!segments.every((s) => /^[a-zA-Z0-9_.-]+$/.test(s))) throw validation(PATH_MESSAGE);
  if (segments.length > MAX_LEVELS) throw new ServiceError('HierarchyLevelLimitExceededException', `A hierarchy can have a maximum of ${MAX_LEVELS} levels.`);
}

function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') {
    throw validation(`1 validation error detected: Value null at '${field[0].toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  return typeof value === 'string' ? value : undefined;
}

export function createSsmService(): AwsService {
  const sealKey = randomBytes(32);
  const stores = new Map<string, Map<string, ParameterRecord>>();

  function store(ctx: CallContext): Map<string, ParameterRecord> {
    const scope = `${ctx.principal.accountId}:${ctx.region}`;
    let found = stores.get(scope);
    if (!found) stores.set(scope, (found = new Map()));
    return found;
  }

  /** A KMS-like ciphertext: version bytes, IV, tag and the sealed value, base64. */
  function seal(value: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', sealKey, iv);
    const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([1, 2, 2, 0]), iv, cipher.getAuthTag(), sealed]).toString('base64');
  }

  const arnOf = (ctx: CallContext, name: string) => `arn:aws:ssm:${ctx.region}:${ctx.principal.accountId}:parameter${name.startsWith('/') ? name : `/${name}`}`;

  function reference(raw: string, ctx: CallContext): Reference {
    let rest = raw;
    let byArn = false;
    if (raw.startsWith('arn:')) {
      const m = /^arn:aws[\w-]*:ssm:([^:]*):(\d{12}):parameter(\/.*)$/.exec(raw);
      // A parameter of another account or region is not shared with the caller here.
      if (!m || m[1] !== ctx.region || m[2] !== ctx.principal.accountId) throw notFound(raw);
      rest = keyOf(m[3]);
      byArn = true;
    }
    const colon = rest.indexOf(':');
    const name = colon < 0 ? rest : rest.slice(0, colon);
    const selector = colon < 0 ? undefined : rest.slice(colon + 1);
    if (selector !== undefined && (selector.length === 0 || selector.includes(':'))) throw validation(`Invalid parameter name. Please ensure that the name is in the format name:version or name:label.`);
    checkName(name);
    return { name, byArn, selector };
  }

  /** The version a reference selects; undefined when the parameter does not exist. */
  function resolve(ref: Reference, ctx: CallContext): { record: ParameterRecord; version: ParameterVersion } | undefined {
    const record = store(ctx).get(keyOf(ref.name));
    if (!record) return undefined;
    if (ref.selector === undefined) return { record, version: record.versions[record.versions.length - 1] };
    if (/^\d+$/.test(ref.selector)) {
      const version = record.versions.find((v) => v.version === Number(ref.selector));
      if (!version) throw new ServiceError('ParameterVersionNotFound', `Systems Manager could not find version ${ref.selector} of ${ref.name}. Verify the version and try again.`);
      return { record, version };
    }
    // No version carries a label locally (LabelParameterVersion is not served).
    return undefined;
  }

  function render(record: ParameterRecord, version: ParameterVersion, ref: Reference, decrypt: boolean, ctx: CallContext) {
    // A reference by name answers the name as asked (`/x` for `x`); by ARN, the stored name.
    const name = ref.byArn ? record.name : ref.name;
    return {
      Name: name,
      Type: version.type,
      Value: version.type === 'SecureString' && !decrypt ? version.sealed : version.value,
      Version: version.version,
      ...(ref.selector !== undefined ? { Selector: `:${ref.selector}` } : {}),
      LastModifiedDate: version.lastModified.getTime() / 1000,
      ARN: arnOf(ctx, record.name),
      DataType: version.dataType,
    };
  }

  function putParameter(body: Record<string, unknown>, ctx: CallContext) {
    const name = requireString(body, 'Name');
    const value = requireString(body, 'Value');
    const bare = name.toLowerCase().replace(/^\//, '');
    if (bare.startsWith('aws') || bare.startsWith('ssm')) {
      const isPath = (name.match(/\//g) ?? []).length > 1;
      if (name.toLowerCase().startsWith('/aws') && isPath) throw new ServiceError('AccessDeniedException', `No access to reserved parameter name: ${name}.`);
      throw validation(isPath ? PATH_MESSAGE : PREFIX_MESSAGE);
    }
    checkName(name);
    if (value.length === 0) throw validation("1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1.");
    const type = body.Type;
    if (type !== undefined && !TYPES.includes(type as ParameterType)) {
      throw validation(`1 validation error detected: Value '${String(type)}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`);
    }
    const tier = body.Tier;
    if (tier !== undefined && !TIERS.includes(tier as (typeof TIERS)[number])) {
      throw validation(`1 validation error detected: Value '${String(tier)}' at 'tier' failed to satisfy constraint: Member must satisfy enum value set: [Standard, Advanced, Intelligent-Tiering]`);
    }
    const overwrite = body.Overwrite === true;
    const tags = Array.isArray(body.Tags) ? body.Tags : [];
    if (overwrite && tags.length > 0) {
      throw validation(
        "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
      );
    }
    const parameters = store(ctx);
    const existing = parameters.get(keyOf(name));
    const previous = existing?.versions[existing.versions.length - 1];
    if (previous && !overwrite) throw new ServiceError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
    const chosenType = (type as ParameterType | undefined) ?? previous?.type;
    if (!chosenType) throw validation('A parameter type is required when you create a parameter.');
    const dataType = optionalString(body, 'DataType') ?? previous?.dataType ?? 'text';
    if (!DATA_TYPES.includes(dataType)) throw validation(`The following data type is not supported: ${dataType} (Data type names are all lowercase.)`);
    const allowedPattern = optionalString(body, 'AllowedPattern') ?? previous?.allowedPattern;
    if (allowedPattern !== undefined) {
      let pattern: RegExp;
      try {
        pattern = new RegExp(`^(?:${allowedPattern})$`, 'u');
      } catch {
        throw new ServiceError('InvalidAllowedPatternException', `The allowed pattern ${allowedPattern} is not valid.`);
      }
      if (!pattern.test(value)) throw new ServiceError('ParameterPatternMismatchException', `Parameter value, cannot be validated against allowedPattern: ${allowedPattern}`);
    }
    // Intelligent-Tiering picks Standard unless the value needs Advanced; a parameter never goes back down.
    const wanted = tier === 'Advanced' || previous?.tier === 'Advanced' ? 'Advanced' : 'Standard';
    const effectiveTier = tier === 'Intelligent-Tiering' && value.length > MAX_VALUE.Standard ? 'Advanced' : wanted;
    if (value.length > MAX_VALUE[effectiveTier]) {
      throw validation(
        effectiveTier === 'Standard'
          ? 'Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html'
          : 'Advanced tier parameters support a maximum parameter value of 8192 characters.',
      );
    }
    const version: ParameterVersion = {
      version: (previous?.version ?? 0) + 1,
      type: chosenType,
      value,
      ...(chosenType === 'SecureString' ? { sealed: seal(value), keyId: optionalString(body, 'KeyId') ?? previous?.keyId ?? DEFAULT_KEY_ID } : {}),
      description: optionalString(body, 'Description') ?? previous?.description,
      allowedPattern,
      dataType,
      tier: effectiveTier,
      lastModified: ctx.now,
    };
    if (existing) {
      existing.versions.push(version);
      // Parameter Store keeps the last 100 versions (no labels here to pin the oldest one).
      if (existing.versions.length > MAX_VERSIONS) existing.versions.shift();
    } else {
      parameters.set(keyOf(name), { name, versions: [version] });
    }
    return { Version: version.version, Tier: version.tier };
  }

  function getParameter(body: Record<string, unknown>, ctx: CallContext) {
    const raw = requireString(body, 'Name');
    const ref = reference(raw, ctx);
    const found = resolve(ref, ctx);
    if (!found) throw notFound(raw);
    return { Parameter: render(found.record, found.version, ref, body.WithDecryption === true, ctx) };
  }

  function getParameters(body: Record<string, unknown>, ctx: CallContext) {
    const names = body.Names;
    if (!Array.isArray(names) || names.length === 0) throw validation("1 validation error detected: Value null at 'names' failed to satisfy constraint: Member must not be null");
    if (names.length > 10) {
      throw validation(`1 validation error detected: Value '[${names.join(', ')}]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10`);
    }
    const parameters: unknown[] = [];
    const invalid: string[] = [];
    for (const raw of [...new Set(names.map(String))]) {
      try {
        const ref = reference(raw, ctx);
        const found = resolve(ref, ctx);
        if (found) parameters.push(render(found.record, found.version, ref, body.WithDecryption === true, ctx));
        else invalid.push(raw);
      } catch (err) {
        if (!(err instanceof ServiceError)) throw err;
        invalid.push(raw);
      }
    }
    return { Parameters: parameters, InvalidParameters: invalid };
  }

  function deleteParameter(body: Record<string, unknown>, ctx: CallContext) {
    const name = requireString(body, 'Name');
    const parameters = store(ctx);
    if (!parameters.delete(keyOf(name))) throw notFound(name);
    return {};
  }

  function getParametersByPath(body: Record<string, unknown>, ctx: CallContext) {
    const path = requireString(body, 'Path');
    if (!path.startsWith('/')) throw validation(BY_PATH_MESSAGE);
    const trimmed = path.replace(/\/$/, '');
    if (trimmed !== '') checkName(trimmed);
    const filters = body.ParameterFilters;
    if (Array.isArray(filters) && filters.length > 0) {
      throw new ServiceError('InvalidFilterKey', 'The local SSM emulator does not filter GetParametersByPath (ParameterFilters is not served).');
    }
    const maxResults = body.MaxResults ?? BY_PATH_MAX_RESULTS;
    if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > BY_PATH_MAX_RESULTS) {
      throw validation(`1 validation error detected: Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${BY_PATH_MAX_RESULTS}`);
    }
    const prefix = `${trimmed}/`;
    const recursive = body.Recursive === true;
    const under = [...store(ctx).values()]
      .filter((record) => {
        const full = record.name.startsWith('/') ? record.name : `/${record.name}`;
        return full.startsWith(prefix) && (recursive || !full.slice(prefix.length).includes('/'));
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const scope = `ssm:${ctx.principal.accountId}:${ctx.region}:${prefix}:${recursive}`;
    const { page, next } = paginate(under, maxResults, optionalString(body, 'NextToken'), scope, () => new ServiceError('InvalidNextToken', 'The specified token is not valid.'));
    const decrypt = body.WithDecryption === true;
    return {
      Parameters: page.map((record) => render(record, record.versions[record.versions.length - 1], { name: record.name, byArn: false }, decrypt, ctx)),
      ...(next ? { NextToken: next } : {}),
    };
  }

  const operations: Record<string, (body: Record<string, unknown>, ctx: CallContext) => unknown> = {
    PutParameter: putParameter,
    GetParameter: getParameter,
    GetParameters: getParameters,
    DeleteParameter: deleteParameter,
    GetParametersByPath: getParametersByPath,
  };

  const error = (err: ServiceError, requestId: string) => awsJsonError(err.status >= 500 ? new ServiceError('InternalServerError', err.message, err.status) : err, requestId, CONTENT_TYPE);

  return {
    handle(req, ctx) {
      const target = headerValue(req.headers, 'x-amz-target') ?? '';
      const operation = target.startsWith(SSM_TARGET_PREFIX) ? operations[target.slice(SSM_TARGET_PREFIX.length)] : undefined;
      if (!operation) throw new ServiceError('UnknownOperationException', `The local SSM emulator serves ${Object.keys(operations).join(', ')}; not '${target}'.`);
      return jsonResponse(200, operation(parseJsonBody(req), ctx), ctx.requestId, CONTENT_TYPE);
    },
    authFailure: (failure, requestId) => error(jsonAuthError(failure), requestId),
    error,
  };
}
