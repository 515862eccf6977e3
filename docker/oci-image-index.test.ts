import { expect, test } from 'bun:test'
import { ociImageIndex } from './oci-image-index.ts'

const manifest = (digit: string, size: number) => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: `sha256:${digit.repeat(64)}`,
  size,
  annotations: { 'org.opencontainers.image.ref.name': 'dropped' },
})

test('one manifest per platform; the shared OCI labels become annotations', () => {
  const index = ociImageIndex([
    {
      manifest: manifest('a', 501),
      architecture: 'amd64',
      labels: {
        'org.opencontainers.image.version': '1.2.3',
        'org.opencontainers.image.source': 'https://example.com/repo',
        'org.opencontainers.image.created': '2026-01-01T00:00:00Z',
        'com.example.other': 'x',
      },
    },
    {
      manifest: manifest('b', 502),
      architecture: 'arm64',
      labels: {
        'org.opencontainers.image.version': '1.2.3',
        'org.opencontainers.image.source': 'https://example.com/repo',
        'org.opencontainers.image.created': '2026-01-01T00:00:01Z',
      },
    },
  ])
  expect(index).toEqual({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: `sha256:${'a'.repeat(64)}`,
        size: 501,
        platform: { architecture: 'amd64', os: 'linux' },
      },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: `sha256:${'b'.repeat(64)}`,
        size: 502,
        platform: { architecture: 'arm64', os: 'linux' },
      },
    ],
    annotations: {
      'org.opencontainers.image.source': 'https://example.com/repo',
      'org.opencontainers.image.version': '1.2.3',
    },
  })
})

test('no images: an empty index', () => {
  expect(ociImageIndex([]).manifests).toEqual([])
  expect(ociImageIndex([]).annotations).toEqual({})
})
