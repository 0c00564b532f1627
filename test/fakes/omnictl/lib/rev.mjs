// Version and update time of each per-machine resource. Kept only once they differ from
// [1, created], so a generated fleet's records stay small.

/** @param {any} rec @param {string} kind @returns {[number, string]} */
export function revOf(rec, kind) {
  return rec.rev?.[kind] ?? [1, rec.created];
}

/** Bumps the version and update time of the given resources of a machine. */
export function bumpRev(rec, kinds, now) {
  rec.rev ??= {};
  for (const kind of kinds) rec.rev[kind] = [revOf(rec, kind)[0] + 1, now];
}
