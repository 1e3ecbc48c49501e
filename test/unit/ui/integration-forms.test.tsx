// @vitest-environment happy-dom
// The generated forms of the integrations: one-line values (titles, keys, channels, topics)
// get a one-line input even when the service allows them long; prose gets a text area.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { SchemaForm } from '../../../ui/src/forms/schema-form.tsx';
import { paramFields } from '../../../ui/src/workflow/node-catalog.ts';
import { catalog } from './node-catalog-fixture.ts';

const kinds = (type: string) =>
  Object.fromEntries(paramFields(catalog.get(type)).map((field) => [field.name, field.kind]));

describe('integration forms', () => {
  it('one-line values are one-line inputs whatever their length limit', () => {
    expect(kinds('github.createIssue')).toMatchObject({
      owner: 'text',
      repo: 'text',
      title: 'text',
      body: 'multiline',
    });
    expect(kinds('jira.createIssue')).toMatchObject({ summary: 'text', description: 'multiline' });
    expect(kinds('linear.createIssue')).toMatchObject({ title: 'text', description: 'multiline' });
    expect(kinds('redis.set')).toMatchObject({ key: 'text' });
    expect(kinds('redis.publish')).toMatchObject({ channel: 'text' });
    expect(kinds('redis.xadd')).toMatchObject({ stream: 'text' });
    expect(kinds('rabbitmq.publish')).toMatchObject({ exchange: 'text', routingKey: 'text' });
    expect(kinds('nats.publish')).toMatchObject({ subject: 'text' });
    expect(kinds('mqtt.publish')).toMatchObject({ topic: 'text' });
  });

  it('prose and queries stay text areas', () => {
    expect(kinds('postgres.query')).toMatchObject({ query: 'multiline' });
    expect(kinds('telegram.sendMessage')).toMatchObject({ text: 'multiline' });
    expect(kinds('twilio.sendSms')).toMatchObject({ body: 'multiline' });
    expect(kinds('discord.sendMessage')).toMatchObject({ content: 'multiline' });
  });
});

describe('JSON fields hint at their own shape', () => {
  const placeholders = (type: string) =>
    Object.fromEntries(paramFields(catalog.get(type)).map((field) => [field.name, field.placeholder]));

  it('an array field or a string-or-number does not suggest an object', () => {
    expect(placeholders('postgres.query').values).toBe('[ 1, "two" ]');
    expect(placeholders('googleSheets.appendRow').values).toBe('[ 1, "two" ]');
    // Objects and free values keep the editor's default hint.
    expect(placeholders('postgres.insert').rows).toBeNull();
  });
});

describe('maps of any value are JSON, not rows of text', () => {
  it('Type.Record(String, Unknown) params get the JSON editor; string maps keep their rows', () => {
    expect(kinds('notion.createDatabasePage')).toMatchObject({ properties: 'json' });
    expect(kinds('teams.postMessage')).toMatchObject({ card: 'json', facts: 'keyValue' });
    expect(kinds('airtable.createRecord')).toMatchObject({ fields: 'json' });
    expect(kinds('jira.createIssue')).toMatchObject({ fields: 'json' });
    expect(kinds('nats.publish')).toMatchObject({ headers: 'keyValue' });
    expect(kinds('rabbitmq.publish')).toMatchObject({ headers: 'keyValue' });
    expect(kinds('http.request')).toMatchObject({ headers: 'keyValue', query: 'keyValue' });
  });

  it('no node anywhere gets rows of text for values its schema types as non-scalar', () => {
    for (const [type, nodeType] of catalog) {
      const properties = (nodeType.params as { properties?: Record<string, Record<string, unknown>> }).properties ?? {};
      for (const field of paramFields(nodeType)) {
        if (field.kind !== 'keyValue') continue;
        const schema = properties[field.name];
        const values = [
          ...Object.values((schema.patternProperties ?? {}) as Record<string, { type?: unknown }>),
          ...(typeof schema.additionalProperties === 'object'
            ? [schema.additionalProperties as { type?: unknown }]
            : []),
        ];
        for (const value of values)
          expect(
            [value.type].flat().every((t) => ['string', 'number', 'integer', 'boolean'].includes(String(t))),
            `${type}.${field.name}`,
          ).toBe(true);
      }
    }
  });
});

describe('a string-or-number is a text field', () => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

  it('the Telegram chat id is typed as text and shows a number stored in the file', () => {
    expect(kinds('telegram.sendMessage')).toMatchObject({ chatId: 'text' });
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    act(() =>
      root.render(
        <SchemaForm
          fields={paramFields(catalog.get('telegram.sendMessage'))}
          values={{ chatId: -1001234567890, text: 'hi' }}
          onChange={() => {}}
          problems={{}}
          paths={[]}
          scope={{}}
          idPrefix="p"
        />,
      ),
    );
    expect(host.querySelector<HTMLInputElement>('#p-chatId')?.value).toBe('-1001234567890');
    act(() => root.unmount());
    host.remove();
  });
});
