/** HTML building blocks: escaping (everything from data goes through `esc`) and metric-tagged numbers. */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values alike. */
export function esc(value: unknown): string {
	return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** RFC 6901 JSON Pointer into the metrics result, e.g. `/week/escalated/byCategory/deal value`. */
export function pointer(...segments: Array<string | number>): string {
	return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * A number as shown, tagged with where it lives in the JSON and its exact value, so a browser test can
 * compare page and JSON: `data-metric` is a JSON Pointer, `data-value` the raw number ('' for no data).
 */
export function metric(path: string, value: number | null, text: string, cls = ''): string {
	// "no data" reads quieter than a number, so an empty week does not shout.
	const classes = [cls, value === null ? 'none' : ''].filter(Boolean).join(' ');
	const klass = classes ? ` class="${esc(classes)}"` : '';
	return `<span${klass} data-metric="${esc(path)}" data-value="${value === null ? '' : esc(value)}">${esc(text)}</span>`;
}

/** A table cell holding a tagged number. */
export function metricCell(path: string, value: number | null, text: string): string {
	return `<td class="num">${metric(path, value, text)}</td>`;
}

/** A simple table: header labels, then rows of ready-made cells (already escaped / tagged); numbers align right. */
export function table(caption: string, headers: readonly string[], rows: readonly string[][], textColumns: readonly number[] = []): string {
	const head = headers.map((h, i) => `<th scope="col"${i > 0 && !textColumns.includes(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
	const body = rows.map((cells) => `<tr>${cells.join('')}</tr>`).join('\n');
	return `<table class="data"><caption>${esc(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A row-header cell (escaped text). */
export function th(text: string): string {
	return `<th scope="row">${esc(text)}</th>`;
}
