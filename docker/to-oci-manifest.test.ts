import { expect, test } from 'bun:test'
import { toOciManifest } from './to-oci-manifest.ts'

const digest = (digit: string) => `sha256:${digit.repeat(64)}`

test('the same blobs under OCI media types', () => {
  expect(
    toOciManifest({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        digest: digest('c'),
        size: 3686,
      },
      layers: [
        {
          mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
          digest: digest('1'),
          size: 59714160,
        },
        {
          mediaType: 'application/vnd.docker.image.rootfs.diff.tar',
          digest: digest('2'),
          size: 1024,
        },
      ],
    }),
  ).toEqual({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: digest('c'),
      size: 3686,
    },
    layers: [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: digest('1'),
        size: 59714160,
      },
      { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: digest('2'), size: 1024 },
    ],
  })
})

test('a layer type OCI has no name for is an error', () => {
  expect(() =>
    toOciManifest({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        digest: digest('c'),
        size: 1,
      },
      layers: [
        {
          mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
          digest: digest('1'),
          size: 1,
        },
      ],
    }),
  ).toThrow('no OCI media type for application/vnd.docker.image.rootfs.foreign.diff.tar.gzip')
})
