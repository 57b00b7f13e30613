// Which account a lookup reads: the function's own, or a registered target account.
import { currentAccountId } from '../../platform/aws/sts.ts';
import { AppError } from '../../platform/errors.ts';
import { validAccount } from '../protection-groups/validate.ts';
import { getTargetAccountByAccountId } from './store.ts';

/**
 * The account a lookup reads, as the client factories of shared/aws.ts take it: null for the
 * function's own account, else a registered target account (its calls then run with the assumed
 * cross-account role). An account that is not registered is refused before any AWS call.
 */
export async function lookupAccount(accountId: string | null | undefined): Promise<string | null> {
  const wanted = validAccount(accountId);
  if (!wanted || wanted === (await currentAccountId())) return null;
  if (!(await getTargetAccountByAccountId(wanted))) {
    throw new AppError('TARGET_ACCOUNT_NOT_FOUND', `Account ${wanted} is not a registered target account; register it first`, {
      field: 'accountId',
      accountId: wanted,
    });
  }
  return wanted;
}
