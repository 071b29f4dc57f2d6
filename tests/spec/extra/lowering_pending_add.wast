;; Register lowering (src/valid/func.c defer): an i32.add whose constant is
;; the LEFT operand and whose other operand is an instruction result in a
;; stack slot was kept pending reading that slot, one above its own; the
;; next value pushed overwrote it before the add was materialized.
;; Found by the differential fuzzer against f13ce7e (old engine: 316).
(module
  (memory 1)
  (func (export "load_load") (result i32)
    (i32.store (i32.const 0) (i32.const 100))
    (i32.store (i32.const 4) (i32.const 200))
    i32.const 16
    i32.const 0
    i32.load
    i32.add          ;; 16 + 100, pending
    i32.const 4
    i32.load         ;; 200, written to the slot the pending add reads
    i32.add)         ;; 116 + 200
  (func (export "addr") (param i32) (result i32)
    (i32.store (i32.const 8) (i32.const 0x55))
    (i32.store (i32.const 12) (i32.const 0x66))
    i32.const 4
    local.get 0
    i32.const 1
    i32.mul          ;; a result in a slot
    i32.add          ;; 4 + x, pending (would become the load's _A address)
    i32.const 99     ;; a store value pushed above it
    i32.store        ;; mem[4 + x] = 99
    i32.const 8
    i32.load)
  (func (export "chain") (param i32) (result i32)
    i32.const 3
    local.get 0
    i32.const 1
    i32.mul
    i32.const 5
    i32.add          ;; x + 5, pending, reading its own slot (one above)
    i32.add          ;; 3 + that: folded, reading the slot above
    local.get 0
    i32.const 2
    i32.mul          ;; overwrites that slot
    i32.add)         ;; (x + 8) + 2x
)
(assert_return (invoke "load_load") (i32.const 316))
(assert_return (invoke "addr" (i32.const 4)) (i32.const 99))
(assert_return (invoke "addr" (i32.const 1)) (i32.const 0))
(assert_trap (invoke "addr" (i32.const 0x80000000)) "out of bounds memory access")
(assert_return (invoke "chain" (i32.const 1000)) (i32.const 3008))
