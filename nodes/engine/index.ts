/**
 * The pure reconciliation engine: policy → match → diff → resolve → plan. No n8n, no I/O, no clock:
 * nodes and connectors feed it data and act on what it returns.
 */
export * from './types';
export * from './policy/schema';
export { parsePolicy, parsePolicyOrThrow, formatPolicyIssues, formatPath, PolicyError, type PolicyIssue, type ParsePolicyResult } from './policy/parse';
export { renderPolicyDoc } from './policy/render';
export { codecFor, keyNormalizer, valueStyleOf, sameNormalized, isDrift, parseInstant, isoInstant, type FieldCodec, type ValueStyle } from './normalize';
export { matchRecords, keyExtractor, KEY_SEPARATOR, type MatchResult, type MatchedPair } from './match';
export { diffSnapshots, compareDiscrepancies, type DiffOptions, type DiffResult, type DiffStats } from './diff';
export { resolveAll, resolveOne, createContext, sideLabel, union, threeWay, strategies, creationFields } from './resolve';
export { buildPlan, type Plan, type PlanOptions, type PlanSummary, type PlannedBaseline } from './plan';
export { massChangeReason, type RecordCounts } from './guard';
export { reconcile, type ReconcileOptions, type ReconcileResult } from './reconcile';
export * from './rows';
