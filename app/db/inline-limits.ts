import { LimitNode, SelectQueryNode, ValueNode, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from "kysely";

/** Above this a LIMIT stays a parameter: a bounded set of statement texts per connection. */
export const INLINED_LIMIT_MAX = 10_000;

const isSmallCount = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && value <= INLINED_LIMIT_MAX;

/**
 * Writes a select's own LIMIT into its text instead of sending it as a parameter. A prepared
 * statement whose only parameter was its LIMIT was planned afresh on every run: PostgreSQL costs a
 * generic plan as if the limit were unknown (a tenth of the rows), finds it dearer than the custom
 * plans and keeps planning; for the queue's first page that was 2 ms of planning for 0.4 ms of work
 * (ADR 055). Our limits are the app's own constants (page sizes), so the texts stay few. Only the
 * top of the tree is looked at: a transformer walking every node cost more than compiling.
 */
export class InlineLimitsPlugin implements KyselyPlugin {
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (!SelectQueryNode.is(node) || !node.limit) return node;
    const limit = node.limit.limit;
    if (!ValueNode.is(limit) || limit.immediate || !isSmallCount(limit.value)) return node;
    return Object.freeze({ ...node, limit: LimitNode.create(ValueNode.createImmediate(limit.value)) });
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
