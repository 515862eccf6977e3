import { OllamaError } from '../errors/ollama-error.ts'
import { detectImageMime } from './detect-image-mime.ts'

const base64Pattern = /^[A-Za-z0-9+/_-]*={0,2}$/

/**
 * An Ollama image (plain base64, or leniently a data URI) as the data URL an OpenAI `image_url`
 * part carries, with the MIME type read from the image's magic bytes.
 */
export function toImageDataUrl(image: string): string {
  const base64 = image.replace(/^data:[^,]*,/, '').replace(/\s+/g, '')
  if (base64 === '' || !base64Pattern.test(base64)) {
    throw OllamaError.badRequest('invalid image: expected base64-encoded image data')
  }
  // 16 base64 characters are 12 bytes: enough for every signature we look at.
  const head = Buffer.from(base64.slice(0, 16), 'base64')
  return `data:${detectImageMime(head)};base64,${base64}`
}
