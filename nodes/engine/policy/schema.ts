/**
 * The sync policy as data: the seed's "sync policy doc", validated once at the boundary.
 * One JSON document governs both loops: which systems and objects, how records match, and per synced
 * field its name on each side, its type and the rule that resolves a discrepancy.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';

const sideEnum = z.enum(['a', 'b']);
const fieldName = z.string().trim().min(1, 'must be a non-empty field name');

export const SYSTEM_KINDS = ['hubspot', 'salesforce', 'items'] as const;

const systemSchema = z
	.object({
		/** Which connector reads and writes this side; `items` = records from any upstream n8n node. */
		system: z.enum(SYSTEM_KINDS),
		/** Object type in that system: HubSpot `contacts`/`deals`, Salesforce `Contact`/`Opportunity`. */
		object: z.string().trim().min(1, 'must name the object type, e.g. "contacts" or "Contact"'),
		/** Display name used in reasons, forms and the policy doc. Defaults to the system name. */
		label: z.string().trim().min(1).optional(),
	})
	.strict();

const countryCode = z.string().regex(/^\d{1,3}$/, 'must be 1–3 digits, e.g. "1" or "44"');

const keySchema = z
	.object({
		a: fieldName,
		b: fieldName,
		/** Normaliser applied to both sides before pairing. */
		type: z.enum(['string', 'email', 'phone', 'number', 'id']).default('string'),
		/** For `string` keys: compare without case. */
		caseSensitive: z.boolean().default(false),
		/** For `phone` keys, as for phone fields: country calling code for numbers written without one (default "1"). */
		defaultCountryCode: countryCode.optional(),
	})
	.strict()
	.superRefine((key, ctx) => {
		if (key.defaultCountryCode === undefined || key.type === 'phone') return;
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			path: ['defaultCountryCode'],
			message: `only phone keys have a default country code (this key has type ${JSON.stringify(key.type)})`,
		});
	});

const priorityEnum = z.enum(['low', 'medium', 'high', 'critical']);
const fallbackEnum = z.enum(['escalate', 'prefer_a', 'prefer_b']);

const sourceOfTruthRule = z
	.object({
		kind: z.literal('source_of_truth'),
		side: sideEnum,
		/** Like HubSpot's "Prefer Salesforce unless blank": a blank source does not erase the other side. */
		unlessBlank: z.boolean().default(false),
	})
	.strict();

const recencyRule = z
	.object({
		kind: z.literal('recency'),
		/** Differences within this many ms count as a tie (Salesforce stores seconds, clocks drift). */
		clockSkewMs: z.number().int().min(0).max(86_400_000).default(1000),
		onTie: fallbackEnum.default('escalate'),
		onMissingTimestamp: fallbackEnum.default('escalate'),
		/** Category used when a tie or a missing timestamp escalates. */
		category: z.string().trim().min(1).default('recency undecidable'),
		priority: priorityEnum.default('low'),
	})
	.strict();

const mergeRule = z
	.object({
		kind: z.literal('merge'),
		/** `union`: both sides keep what they have. `three_way`: a removal on one side since the baseline survives. */
		strategy: z.enum(['union', 'three_way']).default('union'),
	})
	.strict();

const escalateRule = z
	.object({
		kind: z.literal('escalate'),
		category: z.string().trim().min(1, 'must name the category operators see, e.g. "deal value"'),
		priority: priorityEnum.default('high'),
	})
	.strict();

/** A rule may be written as its kind alone (`"recency"`) when its options keep their defaults. */
const ruleSchema = z.preprocess(
	(value) => (typeof value === 'string' ? { kind: value } : value),
	z.discriminatedUnion('kind', [sourceOfTruthRule, recencyRule, mergeRule, escalateRule]),
);

const valueMap = z.record(z.string(), z.string());

const fieldBase = {
	/** Name used in decisions, the queue and the policy doc. */
	name: fieldName,
	a: fieldName,
	b: fieldName,
	rule: ruleSchema,
	/** A field absent from a record (not merely empty): `blank` compares it as empty, `unknown` skips it. */
	treatMissingAs: z.enum(['blank', 'unknown']).default('blank'),
	description: z.string().optional(),
};

const stringField = z
	.object({
		...fieldBase,
		type: z.literal('string'),
		caseSensitive: z.boolean().default(true),
		/** Collapse runs of white space and trim, as people read text. */
		collapseWhitespace: z.boolean().default(true),
	})
	.strict();
const emailField = z.object({ ...fieldBase, type: z.literal('email') }).strict();
const phoneField = z
	.object({
		...fieldBase,
		type: z.literal('phone'),
		/** Country calling code for numbers written without one (`(415) 555-0100` → `+14155550100`). */
		defaultCountryCode: countryCode.default('1'),
	})
	.strict();
const numberField = z
	.object({
		...fieldBase,
		type: z.literal('number'),
		/** Decimal places both systems agree on: 1200 and "1200.00" are equal at precision 2. */
		precision: z.number().int().min(0).max(10).default(2),
	})
	.strict();
const booleanField = z.object({ ...fieldBase, type: z.literal('boolean') }).strict();
const dateField = z
	.object({
		...fieldBase,
		type: z.literal('date'),
		/** How to read slash dates like 03/04/2024, which are ambiguous; ISO and epoch values need nothing. */
		slashFormat: z.enum(['mdy', 'dmy', 'reject']).default('reject'),
		/**
		 * IANA zone for dates stored as datetimes (HubSpot's deal close date): an instant that is not
		 * midnight UTC reads as its calendar day in this zone. Without it, a time of day is drift.
		 */
		timeZone: z
			.string()
			.refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as "America/New_York"')
			.optional(),
		/** Per side: write a plain `YYYY-MM-DD`, or midnight of that day in `timeZone` as an ISO instant. */
		writeAs: z
			.object({ a: z.enum(['date', 'datetime']).default('date'), b: z.enum(['date', 'datetime']).default('date') })
			.strict()
			.default({}),
	})
	.strict();
const datetimeField = z
	.object({
		...fieldBase,
		type: z.literal('datetime'),
		/** Salesforce keeps seconds, HubSpot milliseconds: compare at the coarser unit. */
		precision: z.enum(['millisecond', 'second', 'minute']).default('second'),
		/** Fixed UTC offset for datetimes written without a zone, e.g. "+00:00" or "-05:00". */
		naiveOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/, 'must look like "+00:00" or "-05:00"').default('+00:00'),
	})
	.strict();
const enumField = z
	.object({
		...fieldBase,
		type: z.literal('enum'),
		/** A value → B value, for options named differently (`marketingqualifiedlead` → `MQL`). */
		map: valueMap.optional(),
		/** Unmapped values: `drift` reports them as schema drift; `passthrough` compares them as they are. */
		unmapped: z.enum(['drift', 'passthrough']).default('drift'),
		caseSensitive: z.boolean().default(false),
	})
	.strict();
const multiselectField = z
	.object({
		...fieldBase,
		type: z.literal('multiselect'),
		map: valueMap.optional(),
		unmapped: z.enum(['drift', 'passthrough']).default('passthrough'),
		caseSensitive: z.boolean().default(false),
		/** How each system joins options into one string (HubSpot and Salesforce both use `;`). */
		separator: z.string().min(1).default(';'),
	})
	.strict();

export const FIELD_TYPES = [
	'string',
	'email',
	'phone',
	'number',
	'boolean',
	'date',
	'datetime',
	'enum',
	'multiselect',
] as const;

export const fieldSchema = z.discriminatedUnion('type', [
	stringField,
	emailField,
	phoneField,
	numberField,
	booleanField,
	dateField,
	datetimeField,
	enumField,
	multiselectField,
]);

const onlyInAction = z.enum(['create', 'escalate', 'ignore']);

export const policySchema = z
	.object({
		version: z.literal(1),
		name: z.string().trim().min(1, 'give the policy a name people will recognise'),
		description: z.string().optional(),
		a: systemSchema,
		b: systemSchema,
		match: z
			.object({
				keys: z.array(keySchema).min(1, 'needs at least one key field pair to match records'),
			})
			.strict(),
		/** Record-level last-modified fields, when they differ from the system's default. */
		timestamps: z.object({ a: fieldName.optional(), b: fieldName.optional() }).strict().default({}),
		fields: z.array(fieldSchema).min(1, 'needs at least one synced field'),
		/** A record only in A: create it in B, escalate it, or leave it. */
		onlyInA: onlyInAction.default('ignore'),
		onlyInB: onlyInAction.default('ignore'),
		/** A pair that agreed before (in the baseline) and now lacks one side: deleted or re-keyed. */
		onDeleted: z.enum(['escalate', 'ignore', 'recreate']).default('escalate'),
		onDuplicateKey: z.enum(['escalate', 'report']).default('escalate'),
		onSchemaDrift: z.enum(['escalate', 'report']).default('report'),
		/** Categories and priorities for escalations that no field rule names. */
		escalation: z
			.object({
				duplicateKey: z.string().trim().min(1).default('duplicate records'),
				deleted: z.string().trim().min(1).default('deleted records'),
				onlyIn: z.string().trim().min(1).default('missing records'),
				schemaDrift: z.string().trim().min(1).default('schema drift'),
			})
			.strict()
			.default({}),
		/** Abort the cycle (no writes) when one side suddenly lacks more than this share of the records it had. */
		massChangeGuard: z
			.object({
				maxMissingPercent: z.number().min(0).max(100).default(10),
				/** Below this many records in the previous cycle the guard does not apply. */
				minRecords: z.number().int().min(0).default(50),
			})
			.strict()
			.default({}),
	})
	.strict();

export type Policy = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
export type FieldSpec = z.output<typeof fieldSchema>;
export type FieldType = FieldSpec['type'];
export type KeySpec = Policy['match']['keys'][number];
export type Rule = FieldSpec['rule'];
export type RuleKind = Rule['kind'];
export type SystemKind = (typeof SYSTEM_KINDS)[number];
export type SystemSpec = Policy['a'];
