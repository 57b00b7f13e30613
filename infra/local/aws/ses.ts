// Amazon SES as one of the AWS emulator's services, through the SES API v2 (restJson1, signing name
// `ses`): SendEmail with Simple content (To/Cc/Bcc, Subject, Text and/or Html bodies). The sender must
// be a verified identity — an address, or its domain — from a configured list (default
// `no-reply@drs.local`), else MessageRejected as SES answers it. Nothing leaves the machine: sent
// messages are kept in memory (the newest MAILBOX_LIMIT) for the /__local/ses/messages control.
// Shapes follow the service model (botocore sesv2/2019-09-27). The account is taken to be out of the
// SES sandbox (recipients need no verification), and identities are the same for every account and
// region. SES v1 (awsQuery, the same signing name) is answered with a clear refusal in its own terms.
import { randomUUID } from 'node:crypto';
import { type AwsService, type CallContext, ServiceError, jsonAuthError, jsonResponse, parseFormBody, paramString, queryError, restJsonError } from './protocol.ts';
import { headerValue } from './sigv4.ts';

export const DEFAULT_SES_SENDER = 'no-reply@drs.local';
const MAILBOX_LIMIT = 1000;
const MAX_RECIPIENTS = 50;
const SEND_EMAIL_PATH = '/v2/email/outbound-emails';
const V1_XMLNS = 'http://ses.amazonaws.com/doc/2010-12-01/';

/** One message SendEmail accepted, as the local mailbox shows it. */
export interface SentEmail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text?: string;
  html?: string;
  /** ISO 8601. */
  sentAt: string;
}

export interface SesService extends AwsService {
  /** Sent messages, oldest first; with `to`, those with that address among To, Cc or Bcc. */
  messages(to?: string): SentEmail[];
  /** Empties the mailbox; answers how many messages it held. */
  clearMessages(): number;
  /** The verified identities (addresses and domains, lower case). */
  readonly verifiedIdentities: string[];
}

const badRequest = (message: string) => new ServiceError('BadRequestException', message);

/** The bare address of `a@b` or `Display Name <a@b>`, lower-cased. */
export function bareAddress(address: string): string {
  const angled = /<([^<>]*)>\s*$/.exec(address);
  return (angled ? angled[1] : address).trim().toLowerCase();
}

function checkAddress(address: unknown): string {
  if (typeof address !== 'string') throw badRequest('Email address must be a string.');
  const bare = bareAddress(address);
  const at = bare.lastIndexOf('@');
  if (at < 0 || at === bare.length - 1) throw badRequest("Missing final '@domain'");
  if (at === 0 || /\s/.test(bare)) throw badRequest(`Illegal address: ${address}`);
  return address;
}

function addressList(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest(`${field} must be a list of email addresses.`);
  return value.map(checkAddress);
}

function content(value: unknown, member: string, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  const data = value && typeof value === 'object' ? (value as Record<string, unknown>).Data : undefined;
  if (typeof data !== 'string') throw badRequest(`1 validation error detected: Value null at '${member}.data' failed to satisfy constraint: Member must not be null`);
  return data;
}

/** An SES-style message id: a hex timestamp, a UUID and a sequence suffix. */
function messageId(now: Date): string {
  return `0100${now.getTime().toString(16).padStart(12, '0')}-${randomUUID()}-000000`;
}

export function createSesService(opts: { verifiedIdentities: string[] }): SesService {
  const identities = opts.verifiedIdentities.map((i) => i.trim().toLowerCase()).filter(Boolean);
  const mailbox: SentEmail[] = [];

  function verified(address: string): boolean {
    const bare = bareAddress(address);
    return identities.includes(bare) || identities.includes(bare.slice(bare.lastIndexOf('@') + 1));
  }

  function sendEmail(body: Record<string, unknown>, ctx: CallContext) {
    const emailContent = (body.Content ?? undefined) as Record<string, unknown> | undefined;
    if (!emailContent || typeof emailContent !== 'object') throw badRequest("1 validation error detected: Value null at 'content' failed to satisfy constraint: Member must not be null");
    if (emailContent.Raw !== undefined || emailContent.Template !== undefined) {
      throw badRequest('The local SES emulator sends Simple content only; Raw and Template messages are not served.');
    }
    const simple = emailContent.Simple as Record<string, unknown> | undefined;
    if (!simple || typeof simple !== 'object') throw badRequest('Content must contain exactly one of Simple, Raw or Template.');
    const subject = content(simple.Subject, 'content.simple.subject', true) as string;
    const bodyPart = (simple.Body ?? {}) as Record<string, unknown>;
    const text = content(bodyPart.Text, 'content.simple.body.text', false);
    const html = content(bodyPart.Html, 'content.simple.body.html', false);
    if (text === undefined && html === undefined) throw badRequest('The message body must contain Text, Html or both.');

    if (body.FromEmailAddress === undefined) throw badRequest('FromEmailAddress is required for Simple content.');
    const from = checkAddress(body.FromEmailAddress);
    const destination = (body.Destination ?? {}) as Record<string, unknown>;
    const to = addressList(destination.ToAddresses, 'ToAddresses');
    const cc = addressList(destination.CcAddresses, 'CcAddresses');
    const bcc = addressList(destination.BccAddresses, 'BccAddresses');
    addressList(body.ReplyToAddresses, 'ReplyToAddresses');
    const recipients = to.length + cc.length + bcc.length;
    if (recipients === 0) throw badRequest('The message must have at least one recipient (ToAddresses, CcAddresses or BccAddresses).');
    if (recipients > MAX_RECIPIENTS) throw badRequest(`Recipient count exceeds ${MAX_RECIPIENTS}.`);

    if (!verified(from)) {
      throw new ServiceError('MessageRejected', `Email address is not verified. The following identities failed the check in region ${ctx.region.toUpperCase()}: ${bareAddress(from)}`);
    }
    const sent: SentEmail = {
      messageId: messageId(ctx.now),
      from,
      to,
      cc,
      bcc,
      subject,
      ...(text !== undefined ? { text } : {}),
      ...(html !== undefined ? { html } : {}),
      sentAt: ctx.now.toISOString(),
    };
    mailbox.push(sent);
    if (mailbox.length > MAILBOX_LIMIT) mailbox.splice(0, mailbox.length - MAILBOX_LIMIT);
    return { MessageId: sent.messageId };
  }

  function parseJson(raw: Buffer): Record<string, unknown> {
    try {
      const value: unknown = raw.length ? JSON.parse(raw.toString('utf8')) : {};
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // answered below
    }
    throw badRequest('Could not parse the request body as a JSON object.');
  }

  const isQuery = (headers: Parameters<typeof headerValue>[0]) => headerValue(headers, 'content-type')?.startsWith('application/x-www-form-urlencoded') ?? false;

  return {
    handle(req, ctx) {
      if (isQuery(req.headers)) {
        const action = paramString(parseFormBody(req.body), 'Action') ?? '';
        return queryError(
          new ServiceError('InvalidAction', `The local AWS emulator serves SES through the v2 API (SendEmail at POST ${SEND_EMAIL_PATH}); the v1 action '${action}' is not served.`),
          V1_XMLNS,
          ctx.requestId,
        );
      }
      if (req.method !== 'POST' || req.path !== SEND_EMAIL_PATH) {
        throw new ServiceError('UnknownOperationException', `The local AWS emulator serves only SES v2 SendEmail (POST ${SEND_EMAIL_PATH}), not ${req.method} ${req.path}.`, 404);
      }
      return jsonResponse(200, sendEmail(parseJson(req.body), ctx), ctx.requestId);
    },
    authFailure: (failure, requestId) => restJsonError(jsonAuthError(failure), requestId),
    error: (err, requestId) => restJsonError(err.status >= 500 ? new ServiceError('InternalFailure', err.message, err.status) : err, requestId),
    messages(to) {
      const wanted = to === undefined ? undefined : bareAddress(to);
      const list = wanted === undefined ? mailbox : mailbox.filter((m) => [...m.to, ...m.cc, ...m.bcc].some((a) => bareAddress(a) === wanted));
      return structuredClone(list);
    },
    clearMessages() {
      return mailbox.splice(0, mailbox.length).length;
    },
    get verifiedIdentities() {
      return [...identities];
    },
  };
}
