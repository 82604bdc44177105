// The lookup order below the local store: the shared tier first, then the
// upstream chain. Attempts on the shared tier are not upstream attempts (they
// are counted by the tier itself), so `onAttempt` sees only the chain's.
import type { ModuleFetcher, UpstreamChain } from "../upstream/chain.js";
import type { SharedTier } from "./tier.js";

export class TieredChain implements ModuleFetcher {
  constructor(
    private readonly tier: SharedTier,
    private readonly chain: UpstreamChain,
  ) {}

  readonly fetch: ModuleFetcher["fetch"] = async (t, dest, limit, onAttempt, opts) =>
    (await this.tier.get(t, dest, limit, opts)) ?? this.chain.fetch(t, dest, limit, onAttempt, opts);

  // The shared tier's own refusals go through SharedTierHooks.reject; these are the chain's.
  reject(served: string, target: Parameters<ModuleFetcher["reject"]>[1], reason: string): void {
    this.chain.reject(served, target, reason);
  }

  observeHash(served: string, target: Parameters<ModuleFetcher["observeHash"]>[1], hash: string): void {
    this.chain.observeHash(served, target, hash);
  }
}
