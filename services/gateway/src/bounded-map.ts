/** Sets a key in a Map used as a bounded cache: a Map keeps insertion order, so past `limit` the first key is the oldest and goes. */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value!);
}
