import { z } from 'zod';

/**
 * Omni prints protobuf enums as integers (notes §2), so each enum is a number→name map and the
 * schema accepts exactly its numbers.
 */
export function numericEnum<const Map extends Readonly<Record<number, string>>>(map: Map) {
  const values = Object.keys(map).map(Number) as Array<keyof Map & number>;
  return z.literal(values);
}
