/**
 * The Salesforce Outbound Message channel: a SOAP 1.1 `notifications` message of ≤ 100
 * `Notification`s, each an `sObject` with the fields the admin chose. Outbound Messages carry no
 * secret of ours, so the org id is checked and the webhook path should be unguessable; a forged
 * message can at worst make the state-based fast loop re-read records. Success must be answered with
 * the SOAP ack, or Salesforce redelivers for 24 h.
 */
import { decodeUtf8 } from './body';
import { isApiName, isSalesforceId, salesforceEvent, sameSalesforceId } from './salesforce-ids';
import { parseXml, type XmlElement } from './xml';
import { attributeNS, childrenNamed, resolveQName } from './xml-query';
import { reject, type ChangeEvent, type Outcome, type Settings } from './types';

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const OUTBOUND = 'http://soap.sforce.com/2005/09/outbound';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export const OUTBOUND_ACK =
	'<?xml version="1.0" encoding="UTF-8"?>' +
	'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
	'<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse>' +
	'</soapenv:Body></soapenv:Envelope>';

export const SOAP_TYPE = 'text/xml; charset=utf-8';

export interface OutboundNotification {
	id: string;
	objectType: string;
	/** Field values by API name; null for `xsi:nil`. */
	fields: Map<string, string | null>;
}

export interface OutboundMessage {
	organizationId: string;
	actionId: string | undefined;
	notifications: OutboundNotification[];
}

type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

function only(parent: XmlElement, ns: string, local: string, where: string): Read<XmlElement> {
	const found = childrenNamed(parent, ns, local);
	if (found.length !== 1) return { ok: false, reason: `${where}: expected exactly one <${local}>, found ${found.length}` };
	return { ok: true, value: found[0] };
}

function readNotification(n: XmlElement, where: string): Read<OutboundNotification> {
	const id = only(n, OUTBOUND, 'Id', where);
	if (!id.ok) return id;
	if (!isSalesforceId(id.value.text.trim())) return { ok: false, reason: `${where}.Id: not a Salesforce id` };
	const sObject = only(n, OUTBOUND, 'sObject', where);
	if (!sObject.ok) return sObject;
	const type = attributeNS(sObject.value, XSI, 'type');
	const qname = type === undefined ? undefined : resolveQName(sObject.value, type);
	if (qname === undefined || !isApiName(qname.local)) return { ok: false, reason: `${where}.sObject: missing or invalid xsi:type` };
	const fields = new Map<string, string | null>();
	for (const field of sObject.value.children) {
		fields.set(field.local, attributeNS(field, XSI, 'nil') === 'true' ? null : field.text.trim());
	}
	if (!isSalesforceId(fields.get('Id'))) return { ok: false, reason: `${where}.sObject: missing or invalid Id field` };
	return { ok: true, value: { id: id.value.text.trim(), objectType: qname.local, fields } };
}

export function readOutboundMessage(root: XmlElement): Read<OutboundMessage> {
	if (root.ns !== SOAP_ENV || root.local !== 'Envelope') return { ok: false, reason: 'not a SOAP 1.1 envelope' };
	const body = only(root, SOAP_ENV, 'Body', 'Envelope');
	if (!body.ok) return body;
	const message = only(body.value, OUTBOUND, 'notifications', 'Body');
	if (!message.ok) return message;
	const org = only(message.value, OUTBOUND, 'OrganizationId', 'notifications');
	if (!org.ok) return org;
	const list = childrenNamed(message.value, OUTBOUND, 'Notification');
	if (list.length === 0 || list.length > 100) return { ok: false, reason: `notifications: expected 1 to 100 <Notification>, found ${list.length}` };
	const notifications: OutboundNotification[] = [];
	for (const [index, n] of list.entries()) {
		const read = readNotification(n, `Notification[${index}]`);
		if (!read.ok) return read;
		notifications.push(read.value);
	}
	const actionId = childrenNamed(message.value, OUTBOUND, 'ActionId')[0]?.text.trim();
	return { ok: true, value: { organizationId: org.value.text.trim(), actionId, notifications } };
}

export interface OutboundConfig {
	organizationId: string;
	integrationUserId: string;
}

export function handleOutboundMessage(body: Buffer, config: OutboundConfig, settings: Settings): Outcome {
	const text = decodeUtf8(body);
	if (!text.ok) return reject(400, text.reason);
	const xml = parseXml(text.value);
	if (!xml.ok) return reject(400, `malformed XML: ${xml.error}`);
	const message = readOutboundMessage(xml.root);
	if (!message.ok) return reject(400, message.reason);
	if (!sameSalesforceId(message.value.organizationId, config.organizationId)) return reject(401, 'organization ID does not match the credential');
	const events: ChangeEvent[] = message.value.notifications.map((n) =>
		salesforceEvent(
			{
				objectType: n.objectType,
				id: n.fields.get('Id') as string,
				lastModifiedById: n.fields.get('LastModifiedById') ?? undefined,
				modifiedAt: n.fields.get('SystemModstamp') ?? n.fields.get('LastModifiedDate') ?? undefined,
			},
			// Salesforce's own dedupe advice: a redelivered notification keeps its Id.
			{ key: n.id, eventId: n.id, integrationUserId: config.integrationUserId, dropEchoes: settings.dropEchoes },
		),
	);
	return { ok: true, events, reply: { contentType: SOAP_TYPE, body: OUTBOUND_ACK } };
}
