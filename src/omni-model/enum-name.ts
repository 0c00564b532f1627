/**
 * Omni prints protobuf enums as integers (notes §2), so each enum is a number→name map.
 * The enum name for a number, or `UNRECOGNIZED(<n>)` for a value this build does not know.
 */
export function nameIn<const Map extends Readonly<Record<number, string>>>(
  map: Map,
  value: number,
): Map[keyof Map] | `UNRECOGNIZED(${number})` {
  return (map as Readonly<Record<number, Map[keyof Map]>>)[value] ?? `UNRECOGNIZED(${value})`;
}
