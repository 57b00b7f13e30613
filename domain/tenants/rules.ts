// Seed 001's tenant rules: name 1–255 characters, a valid email (lower-cased), optional contact info of
// phone, address and company (strings, each at most 255 characters).
import { AppError } from '../../platform/errors.ts';
import type { RegisterTenantInput, TenantContactInfo } from '../../platform/generated/graphql.ts';
import { normalizeEmail } from '../staff/rules.ts';

export interface TenantDraft {
  name: string;
  email: string;
  contactInfo: TenantContactInfo | null;
}

const CONTACT_FIELDS = ['phone', 'address', 'company'] as const;

export function checkTenant(input: RegisterTenantInput): TenantDraft {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name) throw new AppError('INVALID_TENANT', 'name is required', { field: 'name' });
  if (name.length > 255) throw new AppError('INVALID_TENANT', 'name must be 255 characters or fewer', { field: 'name' });
  const email = normalizeEmail(input.email);
  let contactInfo: TenantContactInfo | null = null;
  if (input.contactInfo) {
    const info: TenantContactInfo = { phone: null, address: null, company: null };
    for (const f of CONTACT_FIELDS) {
      const v = input.contactInfo[f];
      if (v === null || v === undefined) continue;
      if (typeof v !== 'string' || v.length > 255) {
        throw new AppError('INVALID_TENANT', `contact_info.${f} must be text of 255 characters or fewer`, { field: `contact_info.${f}` });
      }
      info[f] = v.trim();
    }
    contactInfo = info;
  }
  return { name, email, contactInfo };
}
