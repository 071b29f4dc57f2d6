;; selftest.wast — checks the spec runner itself: every command marked
;; "must fail" has to be reported as a failure, and every other command has
;; to pass. tests/spec/run.sh compares the failing lines with the marked ones.
(module $M (global (export "h") i32 (i32.const 7)))
(register "M" $M)
(module (import "M" "h" (global i32)))
(module
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "two") (result i32 i64) (i32.const 1) (i64.const 2))
  (func (export "snan") (result f32) (f32.const nan:0x200000))
  (func (export "qnan") (result f64) (f64.const -nan:0xc000000000000))
  (func (export "cnan") (result f32) (f32.const -nan))
  (func (export "trap") (unreachable))
  (func (export "ext") (param externref) (result externref) (local.get 0))
  (func (export "fref") (result funcref) (ref.func 0))
  (func (export "fnull") (result funcref) (ref.null func))
  (global (export "g") i32 (i32.const 5))
)
(assert_return (invoke "add" (i32.const 1) (i32.const 1)) (i32.const 2))
(assert_return (invoke "two") (i32.const 1) (i64.const 2))
(assert_return (invoke "qnan") (f64.const nan:arithmetic))
(assert_return (invoke "cnan") (f32.const nan:canonical))
(assert_return (invoke "cnan") (f32.const nan:arithmetic))
(assert_return (invoke "ext" (ref.extern 1)) (ref.extern 1))
(assert_return (invoke "ext" (ref.null extern)) (ref.null extern))
(assert_return (invoke "fnull") (ref.null func))
(assert_return (get "g") (i32.const 5))
(assert_trap (invoke "trap") "unreachable")
(assert_unlinkable (module (import "spectest" "nosuch" (func))) "unknown import")
(assert_unlinkable (module (import "spectest" "print_i32" (func (param i64))))
  "incompatible import type")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
(assert_trap (module (func $f unreachable) (start $f)) "unreachable")

(assert_return (invoke "add" (i32.const 1) (i32.const 1)) (i32.const 3)) ;; must fail
(assert_return (invoke "two") (i32.const 1) (i64.const 3)) ;; must fail
(assert_return (invoke "snan") (f32.const nan:arithmetic)) ;; must fail
(assert_return (invoke "snan") (f32.const nan:canonical)) ;; must fail
(assert_return (invoke "qnan") (f64.const nan:canonical)) ;; must fail
(assert_return (invoke "snan") (f32.const 0)) ;; must fail
(assert_return (invoke "ext" (ref.extern 1)) (ref.extern 2)) ;; must fail
(assert_return (invoke "ext" (ref.extern 1)) (ref.null extern)) ;; must fail
(assert_return (invoke "fref") (ref.null func)) ;; must fail
(assert_return (get "g") (i32.const 6)) ;; must fail
(assert_trap (invoke "add" (i32.const 1) (i32.const 1)) "unreachable") ;; must fail
(assert_trap (invoke "trap") "integer divide by zero") ;; must fail
(assert_exhaustion (invoke "trap") "call stack exhausted") ;; must fail
(assert_invalid (module (func (result i32) (i32.const 1))) "type mismatch") ;; must fail
(assert_malformed (module binary "\00asm\01\00\00\00") "unexpected end") ;; must fail
(assert_unlinkable (module (import "spectest" "print_i32" (func (param i32)))) "x") ;; must fail
(assert_trap (module (func $f) (start $f)) "unreachable") ;; must fail
(module (import "nosuch" "h" (global i32))) ;; must fail
