// The lookup order below the local store: the shared tier first, then the
// upstream chain. Attempts on the shared tier are not upstream attempts (they
// are counted by the tier itself), so `onAttempt` sees only the chain's.
import type { ModuleFetcher, UpstreamChain } from "../upstream/chain.js";
import type { FetchOptions, FetchResult, FetchTarget } from "../upstream/types.js";
import type { SharedTier } from "./tier.js";

export class TieredChain implements ModuleFetcher {
  constructor(
    private readonly tier: SharedTier,
    private readonly chain: UpstreamChain,
  ) {}

  describe(): string {
    return `${this.tier.name} -> ${this.chain.describe()}`;
  }

  async fetch(
    t: FetchTarget,
    dest: string | undefined,
    limit: number,
    onAttempt?: (upstream: string, ms: number, err?: Error) => void,
    opts?: FetchOptions,
  ): Promise<FetchResult> {
    return (await this.tier.get(t, dest, limit, opts)) ?? this.chain.fetch(t, dest, limit, onAttempt, opts);
  }
}
