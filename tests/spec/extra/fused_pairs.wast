;; Fused pairs (src/valid/fuse.c) and accumulator forms (src/exec/acc.c):
;; each fused pair must do exactly what its two instructions did (both
;; results written, in order; traps in order), and an instruction reading
;; its predecessor's result from the accumulator must see the same value as
;; its slot. The expected values also hold on the engine before both
;; (1b5261c).
(module
  (memory 1)
  (func (export "set64") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "get64") (param i32) (result i64) (i64.load (local.get 0)))
  ;; COPY + COPY
  (func (export "copies") (param i32 i32) (result i32) (local i32 i32)
    (local.set 2 (local.get 1))
    (local.set 3 (local.get 0))
    (i32.sub (local.get 2) (local.get 3)))
  ;; a copy whose source is the previous copy's destination
  (func (export "copy_chain") (param i32) (result i32) (local i32 i32)
    (local.set 1 (local.get 0))
    (local.set 2 (local.get 1))
    (i32.add (local.get 2) (local.get 1)))
  ;; rotl by constant, rotl-xor, rotl-xor (a SHA-2 sigma)
  (func (export "sigma") (param i32) (result i32)
    (i32.xor
      (i32.xor (i32.rotl (local.get 0) (i32.const 26))
               (i32.rotl (local.get 0) (i32.const 21)))
      (i32.rotl (local.get 0) (i32.const 7))))
  ;; shift-or funnels (two shifts by constants)
  (func (export "funnel_l") (param i32 i32) (result i32)
    (i32.or (i32.shl (local.get 0) (i32.const 24))
            (i32.shr_u (local.get 1) (i32.const 8))))
  (func (export "funnel_r") (param i32 i32) (result i32)
    (i32.or (i32.shr_u (local.get 0) (i32.const 24))
            (i32.shl (local.get 1) (i32.const 8))))
  ;; shift then combine, the shifted value on either side
  (func (export "shr_s_add") (param i32 i32) (result i32)
    (i32.add (local.get 1) (i32.shr_s (local.get 0) (i32.const 3))))
  (func (export "shl_and") (param i32 i32) (result i32)
    (i32.and (i32.shl (local.get 0) (i32.const 33)) (local.get 1)))
  ;; the combine's other operand is the shift's own result
  (func (export "rotl_xor_self") (param i32) (result i32) (local i32)
    (local.tee 1 (i32.rotl (local.get 0) (i32.const 1)))
    (local.get 1)
    (i32.xor))
  ;; two i32.add of constants, the second reading the first
  (func (export "addc2") (param i32) (result i32) (local i32 i32)
    (local.set 1 (i32.add (local.get 0) (i32.const 5)))
    (local.set 2 (i32.add (local.get 1) (i32.const -7)))
    (i32.mul (local.get 1) (local.get 2)))
  ;; two i32.add, the second reading the first; the first's operand from
  ;; the accumulator (the mul before it), on either side
  (func (export "add_add") (param i32 i32 i32) (result i32)
    (i32.add (local.get 2) (i32.add (local.get 0) (local.get 1))))
  (func (export "mul_add_add") (param i32 i32 i32) (result i32)
    (i32.add (i32.add (local.get 2) (i32.mul (local.get 0) (local.get 1)))
             (local.get 0)))
  (func (export "add_add_self") (param i32) (result i32) (local i32)
    (local.tee 1 (i32.add (local.get 0) (local.get 0)))
    (local.get 1)
    (i32.add))
  ;; f64.load then arithmetic: the loaded value as second / first operand
  (func (export "load_sub_y") (param i32 f64) (result f64)
    (f64.sub (local.get 1) (f64.load (local.get 0))))
  (func (export "load_sub_x") (param i32 f64) (result f64)
    (f64.sub (f64.load (local.get 0)) (local.get 1)))
  (func (export "load_a_div_y") (param i32 f64) (result f64)
    (f64.div (local.get 1) (f64.load (i32.add (local.get 0) (i32.const 8)))))
  (func (export "load_a_div_x") (param i32 f64) (result f64)
    (f64.div (f64.load offset=8 (i32.add (local.get 0) (i32.const 8))) (local.get 1)))
  ;; f64.store then f64.load
  (func (export "store_load") (param i32 i32 f64) (result f64)
    (f64.store (local.get 0) (local.get 2))
    (f64.load (local.get 1)))
  ;; a signalling NaN's bits survive load -> store (through facc)
  (func (export "copy_bits") (param i32 i32) (result i64)
    (f64.store (local.get 1) (f64.load (local.get 0)))
    (i64.load (local.get 1)))
  ;; arithmetic on a NaN gives the canonical NaN, in a fused pair too
  (func (export "nan_bits") (param i32) (result i64)
    (i64.reinterpret_f64 (f64.add (f64.const 0) (f64.load (local.get 0)))))
  ;; an i32 result's upper half is zero when read from the accumulator
  (func (export "wide") (param i32) (result i64)
    (i64.add (i64.extend_i32_u (i32.add (local.get 0) (i32.const 1)))
             (i64.const 0x100000000)))
  ;; an accumulator value does not flow into a branch target
  (func (export "loop_acc") (param i32) (result i32) (local i32)
    (local.set 1 (i32.const 100))
    (loop $l
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1))
)
(assert_return (invoke "copies" (i32.const 10) (i32.const 3)) (i32.const -7))
(assert_return (invoke "copy_chain" (i32.const 21)) (i32.const 42))
(assert_return (invoke "sigma" (i32.const 0x12345678)) (i32.const 0x3561abda))
(assert_return (invoke "funnel_l" (i32.const 0x11223344) (i32.const 0xaabbccdd)) (i32.const 0x44aabbcc))
(assert_return (invoke "funnel_r" (i32.const 0x11223344) (i32.const 0xaabbccdd)) (i32.const 0xbbccdd11))
(assert_return (invoke "shr_s_add" (i32.const -64) (i32.const 5)) (i32.const -3))
(assert_return (invoke "shl_and" (i32.const 3) (i32.const 6)) (i32.const 6))
(assert_return (invoke "rotl_xor_self" (i32.const 0x80000001)) (i32.const 0))
(assert_return (invoke "addc2" (i32.const 10)) (i32.const 120))
(assert_return (invoke "add_add" (i32.const 0x7fffffff) (i32.const 1) (i32.const 5)) (i32.const 0x80000005))
(assert_return (invoke "mul_add_add" (i32.const 3) (i32.const 4) (i32.const -2)) (i32.const 13))
(assert_return (invoke "add_add_self" (i32.const 0x40000001)) (i32.const 4))
(assert_return (invoke "addc2" (i32.const -5)) (i32.const 0))
(invoke "set64" (i32.const 0) (i64.const 0x4004000000000000))  ;; 2.5
(invoke "set64" (i32.const 8) (i64.const 0x4010000000000000))  ;; 4.0
(invoke "set64" (i32.const 16) (i64.const 0xc000000000000000)) ;; -2.0
(assert_return (invoke "load_sub_y" (i32.const 0) (f64.const 10)) (f64.const 7.5))
(assert_return (invoke "load_sub_x" (i32.const 0) (f64.const 10)) (f64.const -7.5))
(assert_return (invoke "load_a_div_y" (i32.const 0) (f64.const 10)) (f64.const 2.5))
(assert_return (invoke "load_a_div_x" (i32.const 0) (f64.const 4)) (f64.const -0.5))
(assert_trap (invoke "load_sub_y" (i32.const 65532) (f64.const 1)) "out of bounds memory access")
(assert_trap (invoke "load_a_div_x" (i32.const 65520) (f64.const 1)) "out of bounds memory access")
(assert_return (invoke "store_load" (i32.const 24) (i32.const 24) (f64.const 1.25)) (f64.const 1.25))
(assert_return (invoke "store_load" (i32.const 24) (i32.const 8) (f64.const 3)) (f64.const 4))
;; the store happens before the load traps
(assert_trap (invoke "store_load" (i32.const 32) (i32.const 65536) (f64.const 6)) "out of bounds memory access")
(assert_return (invoke "get64" (i32.const 32)) (i64.const 0x4018000000000000))
(assert_trap (invoke "store_load" (i32.const 65536) (i32.const 0) (f64.const 7)) "out of bounds memory access")
(invoke "set64" (i32.const 40) (i64.const 0x7ff0000000000001))
(assert_return (invoke "copy_bits" (i32.const 40) (i32.const 48)) (i64.const 0x7ff0000000000001))
(assert_return (invoke "nan_bits" (i32.const 40)) (i64.const 0x7ff8000000000000))
(assert_return (invoke "wide" (i32.const -1)) (i64.const 0x100000000))
(assert_return (invoke "loop_acc" (i32.const 4)) (i32.const 110))
