(module
  (func (export "add") (param v128 v128) (result v128)
    (i32x4.add (local.get 0) (local.get 1)))
  (func (export "lane") (param v128 i32) (result i64 v128)
    (i64x2.extract_lane 1 (local.get 0)) (local.get 0))
  (func (export "fl") (param v128) (result f64)
    (f64x2.extract_lane 0 (local.get 0))))
