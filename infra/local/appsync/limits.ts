// Cost limits applied before a document runs, in one pass linear in the document's size: query depth
// (AppSync's queryDepthLimit), a lower bound of the resolvers it invokes (AppSync's resolverCountLimit; the
// engine also counts invocations as they happen, per list item), the number of fields it selects once its
// fragments are expanded, and introspection (AppSync's introspectionConfig).
//
// Each fragment is measured once (memoized by name), so a document whose fragments spread each other
// level after level costs what its text costs, not what its expansion would. A fragment met again while it
// is being measured is a cycle: it counts for nothing here and graphql-js's NoFragmentCyclesRule refuses the
// document (both run in the same validation).
import {
  GraphQLError, Kind, getNamedType, isInterfaceType, isObjectType,
  type ASTVisitor, type DocumentNode, type GraphQLErrorOptions, type FragmentDefinitionNode, type GraphQLNamedType, type GraphQLSchema, type SelectionSetNode,
  type ValidationContext, type ValidationRule,
} from 'graphql';

export interface CostLimits {
  /** AppSync queryDepthLimit (0 or undefined: none). */
  depth?: number;
  /** AppSync resolverCountLimit (AppSync's own default is 10,000). */
  resolvers?: number;
  /** Fields a document may select once its fragments are expanded (aliases included). */
  selections?: number;
  /** Whether a field has a resolver attached. */
  hasResolver: (typeName: string, fieldName: string) => boolean;
}

/** The error types the engine answers these refusals with. */
export const LIMIT_ERROR_TYPES = {
  depth: 'ValidationError',
  resolvers: 'ResolverExecutionLimitReached',
  selections: 'ValidationError',
} as const;

export const resolverLimitMessage = (limit: number) => `Resolver invocation limit of ${limit} reached.`;

export class LimitError extends GraphQLError {
  constructor(message: string, readonly errorType: string, options: GraphQLErrorOptions) {
    super(message, options);
  }
}

interface Cost {
  depth: number;
  resolvers: number;
  fields: number;
}

const ZERO: Cost = { depth: 0, resolvers: 0, fields: 0 };
/** Counts stop growing here: a document of nested fragments may expand to more fields than a double holds exactly. */
const CAP = Number.MAX_SAFE_INTEGER;
const add = (a: number, b: number) => Math.min(CAP, a + b);

/** Depth, resolver and field counts of every operation in the document, each fragment measured once. */
export function documentCosts(schema: GraphQLSchema, document: DocumentNode, hasResolver: CostLimits['hasResolver']) {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const memo = new Map<string, Cost>();
  const inProgress = new Set<string>();

  const fragmentCost = (name: string): Cost => {
    const known = memo.get(name);
    if (known) return known;
    const frag = fragments.get(name);
    if (!frag || inProgress.has(name)) return ZERO; // unknown (KnownFragmentNames) or a cycle (NoFragmentCycles)
    inProgress.add(name);
    const cost = setCost(frag.selectionSet, schema.getType(frag.typeCondition.name.value));
    inProgress.delete(name);
    memo.set(name, cost);
    return cost;
  };

  const setCost = (set: SelectionSetNode | undefined, parent: GraphQLNamedType | undefined | null): Cost => {
    let depth = 0;
    let resolvers = 0;
    let fields = 0;
    // A fragment spread twice in one selection set selects its fields once (graphql-js's collectFields).
    const spread = new Set<string>();
    for (const s of set?.selections ?? []) {
      let c: Cost;
      if (s.kind === Kind.FIELD) {
        const name = s.name.value;
        if (name.startsWith('__')) {
          // Introspection and __typename do not count toward depth (as before); their fields are still selections.
          fields = add(fields, 1);
          continue;
        }
        const def = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
        const sub = setCost(s.selectionSet, def ? getNamedType(def.type) : undefined);
        c = {
          depth: 1 + sub.depth,
          resolvers: add(parent && isObjectType(parent) && hasResolver(parent.name, name) ? 1 : 0, sub.resolvers),
          fields: add(1, sub.fields),
        };
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        c = setCost(s.selectionSet, s.typeCondition ? schema.getType(s.typeCondition.name.value) : parent);
      } else {
        if (spread.has(s.name.value)) continue;
        spread.add(s.name.value);
        c = fragmentCost(s.name.value);
      }
      depth = Math.max(depth, c.depth);
      resolvers = add(resolvers, c.resolvers);
      fields = add(fields, c.fields);
    }
    return { depth, resolvers, fields };
  };

  return { setCost };
}

/** One validation rule for all three limits: each operation measured once, fragments once per document. */
export function costLimitRule(limits: CostLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const { setCost } = documentCosts(context.getSchema(), context.getDocument(), limits.hasResolver);
    return {
      OperationDefinition(node) {
        const root = node.operation === 'query' ? context.getSchema().getQueryType()
          : node.operation === 'mutation' ? context.getSchema().getMutationType() : context.getSchema().getSubscriptionType();
        const cost = setCost(node.selectionSet, root);
        if (limits.depth && limits.depth > 0 && cost.depth > limits.depth) {
          context.reportError(new LimitError(`Query depth limit of ${limits.depth} exceeded: the operation is ${cost.depth} levels deep.`, LIMIT_ERROR_TYPES.depth, { nodes: node }));
        }
        if (limits.resolvers && limits.resolvers > 0 && cost.resolvers > limits.resolvers) {
          context.reportError(new LimitError(resolverLimitMessage(limits.resolvers), LIMIT_ERROR_TYPES.resolvers, { nodes: node }));
        }
        if (limits.selections && limits.selections > 0 && cost.fields > limits.selections) {
          const n = cost.fields >= CAP ? 'too many' : String(cost.fields);
          context.reportError(new LimitError(`Query selects ${n} fields, more than the limit of ${limits.selections}.`, LIMIT_ERROR_TYPES.selections, { nodes: node }));
        }
        return false; // nothing below the operation needs visiting for this rule
      },
      FragmentDefinition: () => false,
    };
  };
}

/**
 * Introspection off (AppSync introspectionConfig DISABLED): `__schema` and `__type` are refused as fields the
 * schema does not define, as AppSync answers them (a validation error; `__typename` stays available).
 */
export function noIntrospectionRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      const name = node.name.value;
      if (name !== '__schema' && name !== '__type') return;
      const parent = context.getParentType()?.name ?? 'Query';
      context.reportError(new GraphQLError(`Validation error of type FieldUndefined: Field '${name}' in type '${parent}' is undefined @ '${name}'`, { nodes: node }));
    },
  };
}
