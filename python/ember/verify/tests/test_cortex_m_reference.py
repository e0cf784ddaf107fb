"""The reference's average pool (cortex_m_reference.avg_pool2d_on_the_device)
against CMSIS-NN's arithmetic worked out exactly (the mean of the taps inside the
input, rounded half away from zero) and against upstream's Python implementation,
which it replaces: the two differ by one step, and only on exact ties."""

from fractions import Fraction

import pytest

# upstream's multiplier and shift of scale 0.0231 (unused by the device, used by
# upstream's float implementation to dequantize and quantize again)
MULTIPLIER, SHIFT = 1589346304, -5


def upstream(x, kernel, stride, padding, zero_point):
    import executorch.backends.cortex_m.passes  # noqa: F401 (importing it registers the cortex_m:: ops)
    import torch

    scratch = torch.empty(0, dtype=torch.uint8)
    return torch.ops.cortex_m.quantized_avg_pool2d(x, kernel, stride, padding, zero_point, MULTIPLIER, SHIFT, scratch)


def window_means(x, oy, ox, kernel, stride, padding):
    """Per channel, the exact mean of one output's taps inside the input."""
    h, w = x.shape[2:]
    rows = [y for y in range(oy * stride[0] - padding[0], oy * stride[0] - padding[0] + kernel[0]) if 0 <= y < h]
    cols = [c for c in range(ox * stride[1] - padding[1], ox * stride[1] - padding[1] + kernel[1]) if 0 <= c < w]
    return [Fraction(sum(int(x[0, channel, y, c]) for y in rows for c in cols), len(rows) * len(cols))
            for channel in range(x.shape[1])]


def half_away_from_zero(mean: Fraction) -> int:
    away = int(abs(mean) + Fraction(1, 2))  # floor of |mean| + 1/2
    return max(-128, min(127, away if mean >= 0 else -away))


def test_the_saved_residual_case_tie():
    """tests/kernels/difftest_cases/u55_seed1_graph63: a window of six values
    summing to -9, zero point 17. The device gives round(-1.5) = -2; upstream's
    float implementation rounds -18.5 to -18 (half to even), plus 17: -1."""
    import torch

    from ember.verify.cortex_m_reference import avg_pool2d_on_the_device

    x = torch.tensor([50, -128, -64, -55, 127, 61], dtype=torch.int8).reshape(1, 1, 2, 3)
    args = ([2, 3], [2, 3], [0, 0], 17)
    assert avg_pool2d_on_the_device(x, *args, MULTIPLIER, SHIFT, None).item() == -2
    assert upstream(x, *args).item() == -1


@pytest.mark.parametrize("kernel,stride,padding", [
    ([2, 2], [1, 1], [1, 1]), ([3, 3], [3, 3], [1, 1]), ([3, 3], [2, 2], [1, 1]),
    ([5, 5], [2, 2], [2, 1]), ([2, 3], [1, 2], [0, 1]), ([4, 4], [3, 3], [2, 0]),
])
def test_avg_pool_is_cmsis_nn_and_upstream_but_on_ties(kernel, stride, padding):
    import torch

    from ember.verify.cortex_m_reference import avg_pool2d_on_the_device

    g = torch.Generator().manual_seed(sum(kernel) * 100 + sum(stride) * 10 + sum(padding))
    x = torch.randint(-128, 128, (1, 4, 15, 17), generator=g, dtype=torch.int8)
    x = x.contiguous(memory_format=torch.channels_last)
    zero_point = -7
    ours = avg_pool2d_on_the_device(x, kernel, stride, padding, zero_point, MULTIPLIER, SHIFT, None)
    theirs = upstream(x, kernel, stride, padding, zero_point)
    assert ours.shape == theirs.shape and ours.is_contiguous(memory_format=torch.channels_last)
    ties = 0
    for oy in range(ours.shape[2]):
        for ox in range(ours.shape[3]):
            means = window_means(x, oy, ox, kernel, stride, padding)
            assert ours[0, :, oy, ox].tolist() == [half_away_from_zero(m) for m in means], (oy, ox)
            for channel, mean in enumerate(means):
                a, b = int(ours[0, channel, oy, ox]), int(theirs[0, channel, oy, ox])
                if a != b:
                    assert abs(a - b) == 1 and mean.denominator == 2, (oy, ox, channel, a, b, mean)
                    ties += 1
    assert ties > 0  # the input holds ties upstream rounds the other way


@pytest.mark.parametrize("shape,size,factor,align_corners", [
    ([1, 2, 1, 3], None, 3, True),  # CPU difftest seed 15, u85 graph 39
    ([1, 3, 5, 7], None, 2, False),
    ([1, 2, 4, 5], [7, 11], None, False),
    ([1, 2, 4, 5], [9, 5], None, True),
])
def test_bilinear_upsample_is_upstreams_portable_kernel(tmp_path, shape, size, factor, align_corners):
    """The reference's bilinear upsample bit for bit with upstream's portable
    kernel (executorch.runtime on a program of that one operator), where torch's
    CPU kernel, which it replaces, differs in the last bits."""
    import torch
    from executorch.exir import to_edge
    from executorch.runtime import Runtime

    from ember.verify.cortex_m_reference import upsample_bilinear2d_on_the_device

    class Upsample(torch.nn.Module):
        def forward(self, x):
            return torch.nn.functional.interpolate(x, size=size, scale_factor=factor, mode="bilinear",
                                                   align_corners=align_corners)

    g = torch.Generator().manual_seed(sum(shape))
    inputs = [torch.randint(-128, 128, shape, generator=g).float() * 0.0173 for _ in range(20)]
    program = to_edge(torch.export.export(Upsample(), (inputs[0],))).to_executorch()
    (tmp_path / "upsample.pte").write_bytes(program.buffer)
    method = Runtime.get().load_program(str(tmp_path / "upsample.pte")).load_method("forward")
    scale_factors = None if factor is None else [float(factor)] * 2
    torch_differs = False
    for x in inputs:
        theirs = method.execute([x])[0]
        ours = upsample_bilinear2d_on_the_device(x, size, align_corners, scale_factors)
        assert torch.equal(ours, theirs)
        torch_differs = torch_differs or not torch.equal(Upsample()(x), theirs)
    assert torch_differs
