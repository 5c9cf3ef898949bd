/** The patterns the primitives give editors, by which the reference names their kinds. */
export const DURATION_PATTERN = '^(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d|w))+$';
export const SIZE_PATTERN = '^\\d+(?:\\.\\d+)?\\s*(?:[kKmMgG][iI]?[bB]|[bB])$';
export const ID_PATTERN = '^[a-z0-9][a-z0-9_-]{0,99}$';
