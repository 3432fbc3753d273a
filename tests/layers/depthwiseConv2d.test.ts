// depthwiseConv2d and separableConv2d forward and backward against the references
// (tests/reference/conv.ts: the depthwise loops, and conv2dRef with a 1x1 kernel for the pointwise
// step) on awkward shapes: depth multipliers 1, 2, 3, 4; C = 1, 3, 5, 8; 'same' with even kernels;
// stride 2; dilation 2; batch 1; fused relu, kept-z silu. Same float32 bound as conv2d.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { depthwiseConv2d, type DepthwiseConv2DOptions } from '../../src/layers/depthwiseConv2d.js';
import { separableConv2d } from '../../src/layers/separableConv2d.js';
import {
  conv2dRef, conv2dBackwardRef, depthwiseConv2dForwardRef, depthwiseConv2dBackwardInputRef, depthwiseConv2dBackwardFilterRef, type Geometry,
} from '../reference/conv.js';
import { Rng } from '../../src/rng.js';
import { moduleFor, testBuilds, randomArray, throwsArg } from '../helpers.js';
import { runLayer, assertBound, abs } from './convHarness.js';

interface Case { B: number; H: number; W: number; C: number; o: DepthwiseConv2DOptions }
const CASES: Case[] = [
  { B: 1, H: 5, W: 7, C: 1, o: { kernelSize: 3 } },
  { B: 2, H: 6, W: 6, C: 3, o: { kernelSize: [2, 3], padding: 'same', depthMultiplier: 2 } },
  { B: 2, H: 9, W: 8, C: 5, o: { kernelSize: 5, strides: 2, padding: 'same', activation: 'relu', depthMultiplier: 3 } },
  { B: 1, H: 7, W: 6, C: 8, o: { kernelSize: 3, dilationRate: 2, activation: 'silu' } },
  { B: 3, H: 4, W: 5, C: 4, o: { kernelSize: 2, padding: 'same', depthMultiplier: 4, useBias: false } },
];

const dwArgs = (g: Geometry, DM: number) => [g.B, g.H, g.W, g.C, DM, g.KH, g.KW, g.SH, g.SW, g.DH, g.DW, g.PT, g.PL, g.OH, g.OW];
const pointwise = (g: Geometry, M: number): Geometry => ({ B: g.B, H: g.OH, W: g.OW, C: M, KH: 1, KW: 1, SH: 1, SW: 1, DH: 1, DW: 1, PT: 0, PL: 0, OH: g.OH, OW: g.OW });
const act = (name: string, v: number) => (name === 'relu' ? Math.max(v, 0) : name === 'silu' ? v / (1 + Math.exp(-v)) : v);
const dact = (name: string, v: number) => {
  if (name === 'relu') return v > 0 ? 1 : 0;
  if (name === 'silu') {
    const s = 1 / (1 + Math.exp(-v));
    return s * (1 + v * (1 - s));
  }
  return 1;
};

test('depthwiseConv2d and separableConv2d match the references, every build', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const c of CASES) {
      for (const separable of [false, true]) {
        const rng = new Rng(c.H * 13 + c.C);
        const F = 3;
        const layer = separable ? separableConv2d({ filters: F, ...c.o }) : depthwiseConv2d(c.o);
        layer.build([c.H, c.W, c.C]);
        const g: Geometry = { B: c.B, ...layer.geometry };
        const DM = layer.depthMultiplier;
        const M = c.C * DM;
        const taps = g.KH * g.KW;
        const pixels = c.B * g.OH * g.OW;
        const out = separable ? F : M;
        const x = randomArray(rng, c.B * c.H * c.W * c.C);
        const wd = randomArray(rng, taps * M);
        const wp = randomArray(rng, M * F);
        const bias = layer.useBias ? randomArray(rng, out) : null;
        const dy = randomArray(rng, pixels * out);
        const weights = [wd, ...(separable ? [wp] : []), ...(bias ? [bias] : [])];
        const run = runLayer(m, layer, [c.H, c.W, c.C], c.B, x, weights, dy);
        const label = `${build} ${separable ? 'separable' : 'depthwise'} ${JSON.stringify(c)}`;
        const name = layer.activation.name;
        // Forward reference: depthwise (bias only without the pointwise step), then the pointwise GEMM.
        const mid = new Float64Array(pixels * M), midMag = new Float64Array(pixels * M);
        depthwiseConv2dForwardRef(x, wd, separable ? null : bias, mid, ...dwArgs(g, DM));
        depthwiseConv2dForwardRef(abs(x), abs(wd), separable || !bias ? null : abs(bias), midMag, ...dwArgs(g, DM));
        const pg = pointwise(g, M);
        const z = separable ? conv2dRef(mid, wp, bias, F, pg) : mid;
        const mag = separable ? conv2dRef(midMag, abs(wp), bias ? abs(bias) : null, F, pg) : midMag;
        const slack = name === 'silu' ? 64 : 0;
        const n = 2 * (taps + M) + 16 + slack;
        assertBound(run.y, z.map((v) => act(name, v)), mag.map((v) => v + 1), n, `${label} y`);
        // Backward reference, through the pointwise step for separable.
        const dz = Float64Array.from(dy, (d, i) => d * dact(name, z[i]));
        let dmid: Float64Array = dz, dmidMag: Float64Array = abs(dz);
        const grads: Float64Array[] = [], gradMags: Float64Array[] = [];
        if (separable) {
          const r = conv2dBackwardRef(mid, wp, dz, F, pg);
          const rm = conv2dBackwardRef(midMag, abs(wp), abs(dz), F, pg);
          dmid = r.dx;
          dmidMag = rm.dx;
          grads[1] = r.dw;
          gradMags[1] = rm.dw;
          if (bias) [grads[2], gradMags[2]] = [r.db, rm.db];
        }
        const dx = new Float64Array(x.length), dxMag = new Float64Array(x.length);
        depthwiseConv2dBackwardInputRef(dmid, wd, dx, ...dwArgs(g, DM));
        depthwiseConv2dBackwardInputRef(dmidMag, abs(wd), dxMag, ...dwArgs(g, DM));
        const dwd = new Float64Array(wd.length), dwdMag = new Float64Array(wd.length);
        const db = new Float64Array(out), dbMag = new Float64Array(out);
        depthwiseConv2dBackwardFilterRef(x, dmid, dwd, separable ? null : db, ...dwArgs(g, DM));
        depthwiseConv2dBackwardFilterRef(abs(x), dmidMag, dwdMag, separable ? null : dbMag, ...dwArgs(g, DM));
        [grads[0], gradMags[0]] = [dwd, dwdMag];
        if (!separable && bias) [grads[1], gradMags[1]] = [db, dbMag];
        const nb = 2 * (pixels + M + F) + 16 + slack * 4;
        assertBound(run.dx, dx, dxMag, nb, `${label} dx`);
        assert.is(run.grads.length, grads.length, `${label}: gradient count`);
        run.grads.forEach((gr, i) => assertBound(gr, grads[i], gradMags[i], nb, `${label} grad ${layer.params()[i].name}`));
      }
    }
  }
});

test('depthwise/separable shapes, weights and bad options', () => {
  const d = depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' });
  assert.equal(d.build([5, 6, 3]), [5, 6, 6]);
  assert.equal(d.params().map((p) => [p.name, p.shape]), [['depthwise_kernel', [3, 3, 3, 2]], ['bias', [6]]]);
  const s = separableConv2d({ filters: 4, kernelSize: [2, 3], strides: 2 });
  assert.equal(s.build([7, 9, 5]), [3, 4, 4]);
  assert.equal(s.params().map((p) => [p.name, p.shape]), [['depthwise_kernel', [2, 3, 5, 1]], ['pointwise_kernel', [1, 1, 5, 4]], ['bias', [4]]]);
  const bad: [() => unknown, string][] = [
    [() => depthwiseConv2d({ kernelSize: 3, depthMultiplier: 0 }), 'depthMultiplier'],
    [() => depthwiseConv2d({ kernelSize: 3, filters: 2 } as never), 'filters'],
    [() => depthwiseConv2d({ kernelSize: 3, strides: 2, dilationRate: 2 }), 'dilationRate'],
    [() => depthwiseConv2d({ kernelSize: 3 }).build([9]), 'inputShape'],
    [() => depthwiseConv2d({ kernelSize: 4 }).build([3, 3, 2]), 'kernelSize'],
    [() => separableConv2d({ kernelSize: 3 } as never), 'filters'],
    [() => separableConv2d({ filters: 2, kernelSize: 3, pointwiseInitializer: 'nope' }), 'pointwiseInitializer'],
    [() => separableConv2d({ filters: 2, kernelSize: 3, kernelInitializer: 'zeros' } as never), 'kernelInitializer'],
  ];
  for (const [call, arg] of bad) throwsArg(call, arg);
});

test.run();
