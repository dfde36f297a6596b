/**
 * The value kept under `key`, made and kept when missing. For caches of pure results on hot
 * paths (a moment's local time, a formatted day or message): the map is emptied when it holds
 * `limit` entries, so it never grows without bound, and a miss only costs the computation.
 */
export function remembered<K, V>(kept: Map<K, V>, key: K, limit: number, make: () => V): V {
  const known = kept.get(key);
  if (known !== undefined) return known;
  const value = make();
  if (kept.size >= limit) kept.clear();
  kept.set(key, value);
  return value;
}
