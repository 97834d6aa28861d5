//! The span op against the dense fused op under the same mask: values and gradients.

use candle_core::{Device, Tensor, Var};

use super::*;
use crate::model::attention::attention;
use crate::model::layers::{MASKED, Rope};
use crate::model::test_util::{assert_same_grads, max_diff, uniform};

/// Row 0: a prefix of 4, members of 3 and 2 own tokens, 2 padding columns; row 1: two
/// sequences that share nothing.
fn spans() -> Vec<Vec<Span>> {
    let s = |start, len, shared| Span { start, len, shared };
    vec![
        vec![s(0, 4, 0), s(4, 3, 4), s(7, 2, 4), s(9, 2, 0)],
        vec![s(0, 6, 0), s(6, 5, 0)],
    ]
}

#[test]
fn span_attention_equals_the_dense_op_under_the_same_mask_in_value_and_gradient() {
    let shape = Heads {
        b: 2,
        t: 11,
        heads: 6,
        kv_heads: 2,
        d: 8,
    };
    let Heads {
        b,
        t,
        heads,
        kv_heads,
        d,
    } = shape;
    let spans = spans();
    let rope = Rope::new(&[1.0, 0.3, 0.1, 0.01], 32, &Device::Cpu).unwrap();
    let pos: Vec<u32> = [
        [0, 1, 2, 3, 4, 5, 6, 4, 5, 0, 0],
        [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4],
    ]
    .concat();
    let pos = Tensor::from_vec(pos, (b, t), &Device::Cpu).unwrap();
    let (cos, sin) = rope.at(&pos).unwrap();
    let allowed: Vec<f32> = spans.iter().flat_map(|r| dense_allowed(r, t)).collect();
    let bias: Vec<f32> = allowed
        .iter()
        .map(|a| if *a > 0.0 { 0.0 } else { MASKED as f32 })
        .collect();
    let bias = Tensor::from_vec(bias, (b, 1, 1, t, t), &Device::Cpu).unwrap();
    let var = |n, seed| Var::from_tensor(&uniform(&[b * t, n * d], seed, 1.0)).unwrap();
    let (q, k, v) = (var(heads, 1), var(kv_heads, 2), var(kv_heads, 3));
    let inputs = (q.as_tensor(), k.as_tensor(), v.as_tensor());
    let scale = 1.0 / (d as f64).sqrt();
    let sparse = attention_spans(inputs, (&cos, &sin), &spans, shape, scale).unwrap();
    let dense = attention(inputs, (&cos, &sin), &bias, shape, scale).unwrap();
    let diff = max_diff(&sparse, &dense);
    assert!(diff < 1e-5, "values differ by {diff}");
    let mix = uniform(&[b * t, heads * d], 4, 1.0);
    let named = [
        ("q", q.as_tensor()),
        ("k", k.as_tensor()),
        ("v", v.as_tensor()),
    ];
    let grads = assert_same_grads(&sparse, &dense, &mix, &named, 1e-5);
    for (name, x) in named {
        let g = grads.get(x).unwrap();
        assert!(
            max_diff(g, &g.zeros_like().unwrap()) > 1e-3,
            "d{name} is zero"
        );
    }
    // Bit-identical when run again (the partial key gradients are summed in task order).
    let again = attention_spans(inputs, (&cos, &sin), &spans, shape, scale).unwrap();
    assert_eq!(max_diff(&sparse, &again), 0.0);
}

#[test]
fn spans_that_do_not_tile_the_row_are_an_error() {
    let s = |start, len, shared| Span { start, len, shared };
    assert!(check_spans(&spans(), 11).is_ok());
    assert!(
        check_spans(&[vec![s(0, 4, 0), s(5, 6, 4)]], 11).is_err(),
        "a gap"
    );
    assert!(
        check_spans(&[vec![s(0, 4, 0), s(4, 6, 4)]], 11).is_err(),
        "short"
    );
    assert!(
        check_spans(&[vec![s(0, 4, 0), s(4, 7, 5)]], 11).is_err(),
        "shared > start"
    );
    assert!(
        check_spans(&[vec![s(0, 0, 0), s(0, 11, 0)]], 11).is_err(),
        "empty"
    );
    let m = dense_allowed(&spans()[0], 11);
    let show: Vec<String> = m
        .chunks(11)
        .map(|r| r.iter().map(|v| if *v > 0.0 { '1' } else { '.' }).collect())
        .collect();
    assert_eq!(
        show[5], "111111.....",
        "a member sees the prefix and itself"
    );
    assert_eq!(
        show[8], "1111...11..",
        "the next member does not see the first"
    );
    assert_eq!(show[10], ".........11", "padding sees padding");
}
