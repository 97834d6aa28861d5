#!/usr/bin/env bash
# A CUDA toolchain for `cargo build --features cuda` from PyPI wheels only: no system CUDA, no
# driver, no GPU needed to build.
#
# Usage (prints `export ...` lines on stdout, progress on stderr):
#   eval "$(scripts/cuda-toolchain.sh)"
#   CARGO_TARGET_DIR=target-cuda cargo build --release --features cuda
#
# What it does:
# - makes a venv at ${TZ_CUDA_VENV:-$HOME/.cache/tz/cuda-venv} and installs the pinned CUDA 13.0
#   Update 2 wheels below (the pins of the `cuda-toolkit==13.0.2` meta-package). CUDA 13 is the
#   first release whose `nvidia-cuda-nvcc` wheel carries the `nvcc` driver itself (the 12.x
#   `-cu12` wheels hold only ptxas and libnvvm); the CUDA 13 wheels all unpack into one tree,
#   site-packages/nvidia/cu13, which serves as CUDA_ROOT. 13.0 rather than the newest because
#   candle loads its kernels as PTX, which the driver must be new enough to JIT (13.0 needs an
#   R580 driver), and cudarc 0.19.10 knows CUDA 11.4 to 13.4.
# - adds the unversioned `lib*.so` links the linker needs (the wheels ship `libcublas.so.13` ...).
# - builds a stub `libcuda.so` (soname libcuda.so.1) in lib/stubs: candle enables cudarc's
#   `dynamic-linking`, so the binary links against the driver library, which no wheel ships. The
#   stub defines every driver symbol cudarc's bindings declare (read from its source in the cargo
#   registry); at run time the driver's real libcuda.so.1 is loaded instead. This is what the
#   CUDA toolkit's own lib64/stubs/libcuda.so is for.
#
# Who looks for what:
# - candle-kernels 0.11.1 (through cudaforge 0.1.6) runs `nvcc` from PATH (or $NVCC,
#   $CUDA_HOME/bin) and needs CUDA_COMPUTE_CAP when there is no GPU to ask (90 = H100/H200);
#   CUDAFORGE_THREADS caps its parallel nvcc jobs. NVCC_CCBIN=/path/to/g++ picks another host
#   compiler (cudaforge then passes -allow-unsupported-compiler); nvcc 13.0 accepts this
#   machine's gcc 12.2, so it is not set.
# - cudarc 0.19.10 runs `nvcc --version` to pick its CUDA API version and searches
#   $CUDA_ROOT/lib and lib/stubs for cuda, cublas, cublasLt, curand and nvrtc; candle-kernels
#   links cudart.
# - At run time the binary needs LD_LIBRARY_PATH=$CUDA_ROOT/lib (cuBLAS, cuRAND, NVRTC, cudart)
#   and a real NVIDIA driver.
#
# Compile-checked on the 2-core dev machine (Debian 12, gcc 12.2, no GPU, no driver), 2026-11-30:
#   scripts/cuda-toolchain.sh >/tmp/cuda-env.sh   # 21 s with the wheels in pip's cache; 1.2 GB
#   . /tmp/cuda-env.sh
#   CARGO_TARGET_DIR=/work/target-cuda nice -n 10 cargo build --release --features cuda -j 2
# built target-cuda/release/tz from a cold target dir in 71m54s wall, 2604 s of CPU (the two
# cores were shared: load average ~7). nvcc on candle-kernels' 27 .cu files (PTX for sm_90 and
# the static MoE/GGUF library) is what a CPU build does not have. `ldd` then shows libcublas,
# libcublasLt, libcurand and libcudart found in the venv and libcuda.so.1 not found, as expected
# without a driver; with the stub named libcuda.so.1 on LD_LIBRARY_PATH, `tz --help` runs (a
# load check only: no kernel has run here).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${TZ_CUDA_VENV:-$HOME/.cache/tz/cuda-venv}"
compute_cap="${CUDA_COMPUTE_CAP:-90}"
wheels=(
    nvidia-cuda-nvcc==13.0.88    # nvcc, ptxas, fatbinary, nvlink, cudafe++
    nvidia-cuda-crt==13.0.88     # nvcc's crt/ headers (host_config.h ...)
    nvidia-nvvm==13.0.88         # cicc, libnvvm, libdevice
    nvidia-cuda-runtime==13.0.96 # cuda_runtime.h, cuda.h, cuda_fp16/bf16.h, libcudart
    nvidia-cuda-cccl==13.0.85    # libcu++/CUB/Thrust headers included by the runtime headers
    nvidia-cublas==13.1.0.3      # cublas_v2.h, libcublas, libcublasLt
    nvidia-curand==10.4.0.35     # curand.h, libcurand
    nvidia-cuda-nvrtc==13.0.88   # nvrtc.h, libnvrtc
)

log() { echo "cuda-toolchain: $*" >&2; }

if [[ ! -x "$venv/bin/pip" ]]; then
    log "creating venv $venv"
    python3 -m venv "$venv"
fi
log "installing ${wheels[*]}"
"$venv/bin/pip" install --quiet --disable-pip-version-check "${wheels[@]}" >&2

site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
cuda_root="$site/nvidia/cu13"
[[ -x "$cuda_root/bin/nvcc" ]] || { log "no nvcc at $cuda_root/bin/nvcc"; exit 1; }

# Unversioned names for the linker: libcublas.so -> libcublas.so.13 ...
for lib in cublas cublasLt cudart curand nvrtc; do
    versioned="$(cd "$cuda_root/lib" && ls "lib$lib.so."* | grep -v alt | sort | head -n 1)"
    ln -sf "$versioned" "$cuda_root/lib/lib$lib.so"
done

# The driver stub, from the symbols cudarc's driver bindings link against.
cudarc_version="$(awk '/^name = "cudarc"$/ { getline; gsub(/"/, "", $3); print $3 }' "$root/Cargo.lock")"
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
bindings="$(ls "$registry"/*/"cudarc-$cudarc_version"/src/driver/sys/mod.rs 2>/dev/null | head -n 1 || true)"
if [[ -z "$bindings" ]]; then
    log "fetching crates (cudarc $cudarc_version source is read for the driver stub)"
    (cd "$root" && cargo fetch --locked >&2)
    bindings="$(ls "$registry"/*/"cudarc-$cudarc_version"/src/driver/sys/mod.rs | head -n 1)"
fi
mkdir -p "$cuda_root/lib/stubs"
stub_c="$cuda_root/lib/stubs/libcuda_stub.c"
grep -oE '^ +fn cu[A-Za-z0-9_]+\(' "$bindings" | sed -E 's/^ +fn ([A-Za-z0-9_]+)\(/void \1(void) {}/' |
    sort -u >"$stub_c"
cc -shared -fPIC -Wl,-soname,libcuda.so.1 -o "$cuda_root/lib/stubs/libcuda.so" "$stub_c"
log "driver stub: $(wc -l <"$stub_c") symbols from $bindings"

log "$("$cuda_root/bin/nvcc" --version | tail -n 2 | head -n 1)"
cat <<EOF
export CUDA_ROOT="$cuda_root"
export CUDA_PATH="$cuda_root"
export CUDA_HOME="$cuda_root"
export PATH="$cuda_root/bin:\$PATH"
export CUDA_COMPUTE_CAP=$compute_cap
export CUDAFORGE_THREADS=\${CUDAFORGE_THREADS:-2}
export LD_LIBRARY_PATH="$cuda_root/lib\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
EOF
