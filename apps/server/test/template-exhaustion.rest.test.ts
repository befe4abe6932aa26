import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { api, fingerprint, useRestServer } from './support.ts';

/**
 * A template cannot hold the process (spec §11, R22). The engine's time limit is checked
 * between a template's steps, never inside one filter or one chain of them; these were each
 * seconds of a blocked event loop from one preview, which needs only `settings:read`.
 */

useRestServer();

const longPath = Array.from({ length: 40_000 }, () => 'a').join('.');

const attacks = {
  'an expression filter over a large range':
    '{{ (1..500000) | where_exp: "x", "x > 5 and x < 3 or x == 7" | size }}',
  'a natural sort of a range of millions': '{{ (1..1900000) | sort_natural | size }}',
  'a long property path read on every item': `{{ (1..1000) | map: "${longPath}" | size }}`,
  'a chain of filters in one output': `{% assign a = (1..1000) %}{{ a${' | sort_natural'.repeat(4000)} | size }}`,
  'a shuffle of a long string':
    '{% assign s = "abcdefghijklmnopqrstuvwxyz" %}{% for i in (1..15) %}{% assign s = s | append: s %}{% endfor %}{{ s | sample: 3 }}',
};

describe('a template that would hold the process (spec §11, R22)', () => {
  for (const [what, text] of Object.entries(attacks)) {
    it(`answers 400 INVALID_TEMPLATE at once, the event loop free: ${what}`, async () => {
      const before = await fingerprint();
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const started = performance.now();
      const preview = await api.post('/templates/invite/en/preview', {
        subject: 'Hi',
        html: '<p>Hi</p>',
        text,
      });
      const saved = await api.put('/templates/invite/en', {
        subject: 'Hi',
        html: '<p>Hi</p>',
        text,
      });
      const took = performance.now() - started;
      delay.disable();
      for (const answer of [preview, saved]) {
        expect(answer.status, JSON.stringify(answer.body)).toBe(400);
        expect(answer.body.code).toBe('INVALID_TEMPLATE');
      }
      // Two renderings of at most the 250 ms limit each, and what a request costs around them.
      expect(took).toBeLessThan(1_500);
      expect(delay.max / 1e6).toBeLessThan(750);
      expect(await fingerprint()).toBe(before);
    }, 120_000);
  }

  it('still renders what emails need: lists of grants and groups, filters and loops', async () => {
    const res = await api.post('/templates/invite/en/preview', {
      subject: '{{ inviter.name | upcase }} · {{ grants | sort | first }}',
      text: "{{ grants | map: 'size' | join: ',' }} {{ groups | sort_natural | join: ', ' }} {% for g in groups %}{{ forloop.index }}{% endfor %} {{ (1..3) | join: '' }}",
      html: '<p>{{ groups | where: "size", 7 | size }}</p>',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.subject).toBe('ADA LOVELACE (@ADA) · invite:read');
    expect(res.body.data.text).toBe('11 editors 1 123');
  });
});
