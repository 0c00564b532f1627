// A CommonJS module's `exports.default` (Bolt's classes), through whichever namespace the importer
// built: Node and the production bundle put `module.exports` at `default`, the test runner's
// transform puts `exports.default` there.
export function commonJsDefault<T>(namespace: { default: T | { default: T } }): T {
  const value = namespace.default;
  return typeof value === 'function' ? (value as T) : (value as { default: T }).default;
}
