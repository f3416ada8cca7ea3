;; The grouping graph's distance scan (clustering.ts, scanRows) as a WebAssembly SIMD kernel: the same
;; test as the JavaScript loop, four float32 lanes at a time. Assembled by scripts/assemble-scan-kernel.ts
;; into scan-kernel-bytes.ts (tests/unit/scan-kernel.test.ts holds the two equal, and this kernel's pairs
;; equal to the JavaScript scan's).
;;
;; Memory holds, from byte offsets the caller chooses: every slot's fused vector (n float32), every slot's
;; scan-basis coordinates (k float32), every slot's order (i32: -1 free, -2 in the graph, t being added as
;; row t), and room for one row's output (one i32 per slot).
(module
  (memory (export "memory") 1)

  ;; Σ (x[a + i] − x[b + i])² for i < len (a multiple of 16), stopping once the sum is over `limit`
  ;; (checked every 16 numbers). Two accumulators of four lanes each.
  (func $squaredDistanceUpTo (param $a i32) (param $b i32) (param $len i32) (param $limit f32) (result f32)
    (local $end i32) (local $acc0 v128) (local $acc1 v128) (local $d v128) (local $sum f32)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $len) (i32.const 2))))
    (block $done
      (loop $block16
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $d (f32x4.sub (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $d) (local.get $d))))
        (local.set $d (f32x4.sub (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b))))
        (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $d) (local.get $d))))
        (local.set $d (f32x4.sub (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b))))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $d) (local.get $d))))
        (local.set $d (f32x4.sub (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b))))
        (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $d) (local.get $d))))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (local.set $d (f32x4.add (local.get $acc0) (local.get $acc1)))
        (local.set $sum
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $d)) (f32x4.extract_lane 1 (local.get $d)))
            (f32.add (f32x4.extract_lane 2 (local.get $d)) (f32x4.extract_lane 3 (local.get $d)))))
        (br_if $done (f32.gt (local.get $sum) (local.get $limit)))
        (br $block16)))
    (local.get $sum))

  ;; One row of the scan: the face whose vector starts at byte `aVec` (its coordinates at `aHead`) against
  ;; every slot s < nSlots whose order is neither free (-1) nor a row at or after `t`. A slot within the
  ;; limit along the coordinates (when k > 0), then along the whole vector, is written as an i32 at `out`
  ;; onwards. Returns how many were written.
  (func (export "scanRow")
    (param $t i32) (param $aVec i32) (param $aHead i32)
    (param $vecBase i32) (param $headBase i32) (param $orderBase i32) (param $nSlots i32)
    (param $n i32) (param $k i32) (param $limit f32) (param $out i32)
    (result i32)
    (local $s i32) (local $o i32) (local $count i32) (local $vecStride i32) (local $headStride i32)
    (local.set $vecStride (i32.shl (local.get $n) (i32.const 2)))
    (local.set $headStride (i32.shl (local.get $k) (i32.const 2)))
    (block $end
      (loop $slot
        (br_if $end (i32.ge_u (local.get $s) (local.get $nSlots)))
        (local.set $o (i32.load (i32.add (local.get $orderBase) (i32.shl (local.get $s) (i32.const 2)))))
        (if (i32.and (i32.ne (local.get $o) (i32.const -1)) (i32.lt_s (local.get $o) (local.get $t)))
          (then
            (if (f32.le
                  (call $squaredDistanceUpTo
                    (local.get $aHead)
                    (i32.add (local.get $headBase) (i32.mul (local.get $s) (local.get $headStride)))
                    (local.get $k)
                    (local.get $limit))
                  (local.get $limit))
              (then
                (if (f32.le
                      (call $squaredDistanceUpTo
                        (local.get $aVec)
                        (i32.add (local.get $vecBase) (i32.mul (local.get $s) (local.get $vecStride)))
                        (local.get $n)
                        (local.get $limit))
                      (local.get $limit))
                  (then
                    (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $s))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))))))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $slot)))
    (local.get $count))
  ;; out[c·k + j] = Σ_t rows[j·dim + t] · xs[c·dim + t] for every c < count and j < k: each vector of xs
  ;; multiplied by k rows, all float64 (as the JavaScript product, scan-basis.ts's multiplyRows), two lanes,
  ;; four rows at a time so each number of x is loaded once for the four. dim even, k a multiple of 4.
  (func (export "multiply")
    (param $rows i32) (param $k i32) (param $dim i32) (param $xs i32) (param $count i32) (param $out i32)
    (local $rowBytes i32) (local $x i32) (local $xEnd i32) (local $r0 i32) (local $rowsEnd i32) (local $t i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $v v128)
    (local.set $rowBytes (i32.shl (local.get $dim) (i32.const 3)))
    (local.set $rowsEnd (i32.add (local.get $rows) (i32.mul (local.get $k) (local.get $rowBytes))))
    (local.set $x (local.get $xs))
    (local.set $xEnd (i32.add (local.get $xs) (i32.mul (local.get $count) (local.get $rowBytes))))
    (block $vectorsDone
      (loop $vector
        (br_if $vectorsDone (i32.ge_u (local.get $x) (local.get $xEnd)))
        (local.set $r0 (local.get $rows))
        (block $rowsDone
          (loop $fourRows
            (br_if $rowsDone (i32.ge_u (local.get $r0) (local.get $rowsEnd)))
            (local.set $a0 (v128.const f64x2 0 0))
            (local.set $a1 (v128.const f64x2 0 0))
            (local.set $a2 (v128.const f64x2 0 0))
            (local.set $a3 (v128.const f64x2 0 0))
            (local.set $t (i32.const 0))
            (block $dotDone
              (loop $dot
                (br_if $dotDone (i32.ge_u (local.get $t) (local.get $rowBytes)))
                (local.set $v (v128.load (i32.add (local.get $x) (local.get $t))))
                (local.set $a0 (f64x2.add (local.get $a0)
                  (f64x2.mul (v128.load (i32.add (local.get $r0) (local.get $t))) (local.get $v))))
                (local.set $a1 (f64x2.add (local.get $a1)
                  (f64x2.mul (v128.load (i32.add (i32.add (local.get $r0) (local.get $rowBytes)) (local.get $t))) (local.get $v))))
                (local.set $a2 (f64x2.add (local.get $a2)
                  (f64x2.mul (v128.load (i32.add (i32.add (local.get $r0) (i32.shl (local.get $rowBytes) (i32.const 1))) (local.get $t))) (local.get $v))))
                (local.set $a3 (f64x2.add (local.get $a3)
                  (f64x2.mul (v128.load (i32.add (i32.add (local.get $r0) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $t))) (local.get $v))))
                (local.set $t (i32.add (local.get $t) (i32.const 16)))
                (br $dot)))
            (f64.store (local.get $out)
              (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
            (f64.store offset=8 (local.get $out)
              (f64.add (f64x2.extract_lane 0 (local.get $a1)) (f64x2.extract_lane 1 (local.get $a1))))
            (f64.store offset=16 (local.get $out)
              (f64.add (f64x2.extract_lane 0 (local.get $a2)) (f64x2.extract_lane 1 (local.get $a2))))
            (f64.store offset=24 (local.get $out)
              (f64.add (f64x2.extract_lane 0 (local.get $a3)) (f64x2.extract_lane 1 (local.get $a3))))
            (local.set $out (i32.add (local.get $out) (i32.const 32)))
            (local.set $r0 (i32.add (local.get $r0) (i32.shl (local.get $rowBytes) (i32.const 2))))
            (br $fourRows)))
        (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
        (br $vector))))
)
