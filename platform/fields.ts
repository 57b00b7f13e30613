// The key of every GraphQL operation, "Type.field" (e.g. "Mutation.createProtectionGroup"), and its
// argument types, read from what graphql-codegen generates from schema.graphql (platform/generated/).
// The tables keyed by operation — the wiring (infra/api.ts WIRING), the RBAC rules (rbac.ts
// OPERATION_RULES) and each Lambda's routes (resolver-event.ts `Routes`) — use these keys, so a schema
// field missing from one of them, or a key the schema does not have, is a compile error.
import type { MutationResolvers, QueryResolvers, SubscriptionResolvers } from './generated/resolvers.ts';

interface RootResolvers {
  Query: QueryResolvers;
  Mutation: MutationResolvers;
  Subscription: SubscriptionResolvers;
}
export type RootType = keyof RootResolvers;

/** The field names of one root type, e.g. FieldOf<'Query'> = 'getProtectionGroup' | … */
export type FieldOf<T extends RootType> = keyof RootResolvers[T] & string;

/** Every operation as "Type.field". */
export type FieldKey = { [T in RootType]: `${T}.${FieldOf<T>}` }[RootType];

/** The second parameter of a resolver function: the field's arguments. */
type ArgsParameter<R> = R extends (parent: never, args: infer A, context: never, info: never) => unknown ? A : never;

type ArgsIn<T extends RootType, F extends FieldOf<T>> = T extends 'Subscription'
  ? // A subscription resolver is an object (or a factory of one): its `subscribe` takes the arguments.
    ArgsParameter<Extract<NonNullable<SubscriptionResolvers[F & FieldOf<'Subscription'>]>, { subscribe: unknown }>['subscribe']>
  : ArgsParameter<NonNullable<RootResolvers[T][F]>>;

/**
 * The generated argument type of an operation (`Query<Field>Args`, non-null arguments required);
 * `Record<PropertyKey, never>` for a field without arguments.
 */
export type ArgsOf<K extends FieldKey> = K extends `${infer T extends RootType}.${infer F}`
  ? F extends FieldOf<T>
    ? ArgsIn<T, F>
    : never
  : never;

/** "Type.field" → [Type, field]. */
export function splitField(key: string): [string, string] {
  const dot = key.indexOf('.');
  if (dot <= 0 || dot === key.length - 1) throw new Error(`bad field key "${key}" (expected Type.field)`);
  return [key.slice(0, dot), key.slice(dot + 1)];
}
