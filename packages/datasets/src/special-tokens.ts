/**
 * The special tokens of {@link CharTokenizer} and {@link WordTokenizer}, in id
 * order: `<pad>` = 0, `<unk>` = 1, `<bos>` = 2, `<eos>` = 3. Padding with 0
 * therefore always means `<pad>`, whichever vocabulary is fitted.
 *
 * @example
 * SPECIAL_TOKENS.indexOf('<eos>'); // 3
 */
export const SPECIAL_TOKENS = Object.freeze(['<pad>', '<unk>', '<bos>', '<eos>'] as const);

/** The id of `<pad>`. Internal. */
export const PAD_ID = 0;
/** The id of `<unk>`. Internal. */
export const UNK_ID = 1;
/** The id of `<bos>`. Internal. */
export const BOS_ID = 2;
/** The id of `<eos>`. Internal. */
export const EOS_ID = 3;
