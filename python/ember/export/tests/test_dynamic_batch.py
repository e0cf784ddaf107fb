"""pipeline.quantize(dynamic_batch=True): the reference module that runs a test
set in batches computes, sample for sample, what the batch-1 module computes."""

import torch

from ember.export import pipeline
from ember.export.targets import e8_vela_config, get_target

from .conftest import SmallConvNet, seeded


def test_batched_reference_is_the_batch_1_module():
    target = get_target("e8-he")
    spec = pipeline.compile_spec(target, "Shared_Sram", target.system_config, e8_vela_config(), None)
    torch.manual_seed(1)
    calibration = [(torch.rand(1, 3, 16, 16),) for _ in range(4)]
    example = (torch.rand(1, 3, 16, 16),)
    single = pipeline.quantize(seeded(SmallConvNet), example, calibration, spec)
    batched = pipeline.quantize(seeded(SmallConvNet), example, calibration, spec, dynamic_batch=True)
    x = torch.rand(12, 3, 16, 16) * 1.5  # some values beyond the calibrated range: saturation too
    with torch.no_grad():
        one_by_one = torch.cat([single(x[i:i + 1]) for i in range(len(x))])
        together = batched(x)
    assert torch.equal(one_by_one, together)
    assert not torch.equal(together[0], together[1])  # the samples differ: the comparison means something
