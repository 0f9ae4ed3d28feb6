// Chinese text of examples/digit.js (see ../example-messages.ts).
export default {
  'Draw a digit (0–9) in the box; the model classifies it when you lift the pen.': '在方框里写一个数字（0–9），松开鼠标或抬起手指后，模型就会识别它。',
  'the drawing must be 784 grey levels in 0..1, got {0}': '图像必须是 784 个 0..1 之间的灰度值，收到的却是 {0} 个',
  'it reads {0}  (p = {1}; then {2})': '识别为 {0}（p = {1}；其次是 {2}）',
  'attention over a {0} × {1} grid of {2}-pixel patches': '{0} × {1} 个小块上的注意力（每块边长 {2} 像素）',
};
