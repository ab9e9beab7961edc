import type { Context } from '../../../types/context';

const uploading = new WeakSet<Context>();

/** Runs the creation of a media item as part of an upload: a `createMedia` outside one is refused by a hook. */
export async function asUpload<T>(ctx: Context, run: () => Promise<T>): Promise<T> {
  uploading.add(ctx);
  try {
    return await run();
  } finally {
    uploading.delete(ctx);
  }
}

export const isUploading = (ctx: Context) => uploading.has(ctx);
