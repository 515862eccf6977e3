/** The parts of a JSON Schema that say where optional fields are. */
interface ObjectShape {
  [keyword: string]: unknown
  type?: unknown
  properties?: Record<string, ObjectShape>
  required?: readonly string[]
  items?: ObjectShape
}

/**
 * `value` without the JSON `null`s of fields `schema` does not require, as Ollama's server reads
 * them: a null means the field is absent (Open WebUI, LangChain and the AI SDK providers send
 * `"images": null`, `"think": null`, `"tool_calls": [{"id": null, …}]`). Objects and lists the
 * schema describes are walked; free-form values (a JSON Schema in `format` or a tool's
 * `parameters`, tool arguments) are left as they are. Objects are copied, never changed in place.
 */
export function dropNullOptionals(schema: ObjectShape, value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = schema.type === 'array' ? schema.items : undefined
    return items ? value.map((item) => dropNullOptionals(items, item)) : value
  }
  if (value === null || typeof value !== 'object' || schema.properties === undefined) return value
  const required = new Set(schema.required)
  const kept: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) {
    if (field === null && !required.has(key)) continue
    const fieldSchema = schema.properties?.[key]
    kept[key] = fieldSchema ? dropNullOptionals(fieldSchema, field) : field
  }
  return kept
}
