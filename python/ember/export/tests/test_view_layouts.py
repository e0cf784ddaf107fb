"""view_layouts._written_tensors on constructed argument lists: a kernel call
writes only its repeated suffix (out arguments, then the same values again as
returns), never its other tensor arguments (an activation's input and table)."""

from types import SimpleNamespace

from executorch.exir import schema

from ember.export.view_layouts import _written_tensors


def _tensor():
    return schema.Tensor(scalar_type=schema.ScalarType.CHAR, storage_offset=0, sizes=[1, 8], dim_order=[0, 1],
                         requires_grad=False, layout=0, data_buffer_idx=0, allocation_info=None,
                         shape_dynamism=schema.TensorShapeDynamism.STATIC)


def _plan(*values):
    return SimpleNamespace(values=[schema.EValue(val=v) for v in values])


def test_activation_writes_only_its_out():
    # input, table, out, returns out: every argument is a tensor
    plan = _plan(_tensor(), _tensor(), _tensor())
    assert _written_tensors(plan, [0, 1, 2, 2]) == [2]


def test_two_outs_are_both_written():
    # input, dim, values out, indices out, returns values, indices
    plan = _plan(_tensor(), schema.Int(int_val=1), _tensor(), _tensor())
    assert _written_tensors(plan, [0, 1, 2, 3, 2, 3]) == [2, 3]


def test_scalar_between_tensor_arguments():
    # input, scale, other, out, returns out
    plan = _plan(_tensor(), schema.Double(double_val=0.5), _tensor(), _tensor())
    assert _written_tensors(plan, [0, 1, 2, 3, 3]) == [3]


def test_delegate_call_writes_its_trailing_tensors():
    # no repeated suffix (a delegate call): the trailing tensors and tensor lists after the last scalar
    plan = _plan(_tensor(), schema.Int(int_val=0), _tensor(), _tensor(), schema.TensorList(items=[5]), _tensor())
    assert sorted(_written_tensors(plan, [0, 1, 2, 3])) == [2, 3]
    assert sorted(_written_tensors(plan, [1, 2, 4])) == [2, 5]
