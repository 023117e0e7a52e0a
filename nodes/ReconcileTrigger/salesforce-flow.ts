/**
 * The Salesforce Flow HTTP callout channel. Flows send whatever JSON the admin maps, so this trigger
 * defines it (documented in the node description):
 *
 *   {"object":"Contact","records":[{"Id":"003…","LastModifiedById":"005…","SystemModstamp":"…"}]}
 *   {"object":"Contact","record":{"Id":"003…","LastModifiedById":"005…"},"eventId":"…","occurredAt":"…"}
 *
 * A record's own `attributes.type` (as Salesforce serialises sObjects) wins over `object`. Only `Id`
 * is required; `LastModifiedById` enables echo dropping and `SystemModstamp`/`LastModifiedDate` the
 * time range. Authenticated by the shared secret the Named Credential sends as X-Reconcile-Secret.
 */
import { z } from 'zod';

import { describeIssue, parseJsonBody } from './body';
import { safeEqual } from './compare';
import { isApiName, isSalesforceId, salesforceEvent, salesforceTime } from './salesforce-ids';
import { JSON_TYPE, reject, type ChangeEvent, type Outcome, type Settings } from './types';

const optionalText = z
	.string()
	.nullish()
	.transform((v) => v ?? undefined);

const recordSchema = z
	.object({
		Id: z.string().refine(isSalesforceId, 'expected a 15- or 18-character Salesforce id'),
		LastModifiedById: optionalText,
		SystemModstamp: optionalText,
		LastModifiedDate: optionalText,
		attributes: z.object({ type: z.string().optional() }).passthrough().optional(),
	})
	.passthrough();

const bodySchema = z
	.object({
		object: z.string().optional(),
		// A record-triggered flow handles at most 200 records per batch.
		records: z.array(recordSchema).min(1, 'no records').max(200, 'more than 200 records').optional(),
		record: recordSchema.optional(),
		eventId: z.union([z.string(), z.number()]).optional(),
		occurredAt: z.string().optional(),
	})
	.passthrough()
	.refine((b) => (b.records === undefined) !== (b.record === undefined), { message: 'expected either "records" (an array) or "record" (an object)' });

type FlowRecord = z.infer<typeof recordSchema>;

export interface FlowDelivery {
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

export interface FlowConfig {
	calloutSecret: string;
	integrationUserId: string;
}

export function handleFlowCallout(delivery: FlowDelivery, config: FlowConfig, settings: Settings): Outcome {
	const given = delivery.headers['x-reconcile-secret'];
	const secret = Array.isArray(given) ? given[0] : given;
	if (secret === undefined || secret === '') return reject(401, 'missing X-Reconcile-Secret header');
	if (!safeEqual(secret, config.calloutSecret)) return reject(401, 'wrong callout secret');
	const json = parseJsonBody(delivery.body);
	if (!json.ok) return reject(400, json.reason);
	if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) return reject(400, 'body must be a JSON object');
	const parsed = bodySchema.safeParse(json.value);
	if (!parsed.success) return reject(400, describeIssue(parsed.error, 'body'));
	const { records, record, object, occurredAt } = parsed.data;
	const list = records ?? [record as FlowRecord];
	const eventId = parsed.data.eventId === undefined ? undefined : String(parsed.data.eventId);
	const events: ChangeEvent[] = [];
	for (const [index, r] of list.entries()) {
		const objectType = r.attributes?.type ?? object;
		if (!isApiName(objectType)) return reject(400, `${records ? `body.records[${index}]` : 'body.record'}: missing or invalid object type`);
		const modifiedAt = r.SystemModstamp ?? r.LastModifiedDate;
		events.push(
			salesforceEvent(
				{ objectType, id: r.Id, lastModifiedById: r.LastModifiedById, modifiedAt },
				{
					key: `${objectType}:${r.Id}:${modifiedAt ?? ''}`,
					eventId,
					integrationUserId: config.integrationUserId,
					dropEchoes: settings.dropEchoes,
					fallbackTime: salesforceTime(occurredAt),
				},
			),
		);
	}
	return { ok: true, events, reply: { contentType: JSON_TYPE, body: JSON.stringify({ received: events.length }) } };
}
