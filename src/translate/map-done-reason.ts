/**
 * Ollama's done_reason for an OpenAI finish_reason. Ollama only knows "stop" and "length"; it
 * reports tool calls with "stop", and so does every other ending here.
 */
export function mapDoneReason(finishReason: string | null | undefined): 'stop' | 'length' {
  return finishReason === 'length' ? 'length' : 'stop'
}
