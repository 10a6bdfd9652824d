import { describe, expect, it } from 'vitest';
import { renderFleetPage } from '../../../bench/console-page.js';

describe('console-page bench hook', () => {
  it('renders the fleet page for 1,000 synthetic devices: 50 rows, counts over all of them', async () => {
    const page = await renderFleetPage(1000);
    expect((page.match(/<tr data-device=/g) ?? []).length).toBe(50);
    expect(page).toContain('all 1000');
    expect(page).toContain('page 1 of 20');
    expect(page).toContain('timed out &lt;after 10 s&gt;');
  });
});
