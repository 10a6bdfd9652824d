import type { DevicePlan } from '../core/plan-types.js';
import type { PlatformRules } from '../core/platform-rules.js';
import type { IntentBase, IntentStorePort } from '../core/ports.js';
import type { DeviceIntent } from '../core/types.js';
import type { Logger } from '../log.js';
import type { KeyedLock } from '../runtime/keyed-lock.js';
import { adoptedInSync, adoptSubject, clearAdopted } from './adoption.js';
import type { DeviceApplyRequest } from './device-apply.js';

/**
 * device-apply's intent commits about adoption (interfaces imported at a first import without a
 * ticket): clearing the mark of those the device already matches, and of all after a ticketed manual
 * apply. Both under the intent lock shared with intent-sync.
 */
export class AdoptionCommits {
  constructor(private readonly deps: { store: IntentStorePort; logger: Logger; intentLock: KeyedLock }) {}

  /**
   * Commits intent without the adoption mark of interfaces the device already matches; returns the new
   * revision or null. Only while intent is still the revision planned from (under the intent lock):
   * when intent-sync committed meanwhile, the run its commit nudged settles instead.
   */
  async settle(device: string, intent: DeviceIntent, plan: DevicePlan, revision: string | null, base: IntentBase | null, rules: PlatformRules): Promise<string | null> {
    const names = adoptedInSync(intent, plan);
    if (names.length === 0) return null;
    return this.deps.intentLock.run(device, async () => {
      if ((await this.deps.store.revisionOf(device)) !== revision) return null;
      const { intent: next, cleared } = clearAdopted(intent, names);
      const write = await this.deps.store.write(next, {
        subject: adoptSubject(device, cleared, cleared.length === 1 ? 'matches the device' : 'match the device', rules),
        device,
        source: 'netbox',
        body: `Imported from NetBox without a ticket; the device already matches: ${cleared.join(', ')}`,
      }, base);
      return write.committed ? write.commit : null;
    });
  }

  /**
   * After a ticketed manual apply the device matches all of its intent: the adoption marks of its
   * first import go, in one intent commit with the ticket (`adopt(c9300): …`). Nothing to clear → no commit.
   */
  async release(device: string, req: DeviceApplyRequest, rules: PlatformRules): Promise<void> {
    const ticket = req.tickets?.[0];
    if (req.releaseAdopted !== true || ticket === undefined) return;
    await this.deps.intentLock.run(device, () => this.clear(device, ticket, rules));
  }

  private async clear(device: string, ticket: string, rules: PlatformRules): Promise<void> {
    const stored = await this.deps.store.read(device);
    if (!stored) return;
    const { intent: next, cleared } = clearAdopted(stored.intent);
    if (cleared.length === 0) return;
    const write = await this.deps.store.write(next, {
      subject: adoptSubject(device, cleared, `applied with ticket ${ticket}`, rules),
      device,
      source: 'cli',
      tickets: [ticket],
      body: `Imported from NetBox at the first import without a ticket; applied to the device by intentd apply --ticket ${ticket}: ${cleared.join(', ')}`,
    }, stored.base);
    this.deps.logger.info({ device, ticket, cleared: cleared.length, commit: write.commit }, 'adoption applied from the CLI');
  }
}
