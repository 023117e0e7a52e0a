/** The weekly dashboard: numbers from the loops' Data Table rows, and the page that shows them. */
export * from './types';
export { computeMetrics } from './compute';
export { percentile, distribution, histogram, TTR_BUCKETS } from './stats';
export { weekSpans } from './week';
export { OUTCOMES, systemLabel } from './events';
export { RULES } from './cycles';
export { formatCount, formatPercent, formatDuration, humanName, NO_DATA } from './format';
export { renderDashboard, renderPolicyPage, SECTION_IDS, type RenderOptions } from './render';
export { markdownToHtml } from './markdown';
