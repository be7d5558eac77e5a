// opencc-js ships its dictionaries as ES modules without type declarations.
// Each default export is an OpenCC dictionary string: "源 目标 其他|源 目标|…".
declare module 'opencc-js/dict/*' {
  const dict: string;
  export default dict;
}
