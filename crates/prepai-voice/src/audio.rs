//! Audio devices through cpal: listing, microphone capture and speaker playback.
//!
//! Capture delivers mono `f32` blocks at the device's rate on a channel; playback pulls
//! mono samples from a [`PlaybackQueue`] and copies them to every output channel. A
//! machine without the wanted device gets [`VoiceError::NoDevice`], never a panic.

use std::sync::mpsc;
use std::time::Duration;

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, Sample, SampleFormat, SizedSample};
use serde::Serialize;

use crate::error::{Result, VoiceError};
use crate::playback::PlaybackQueue;
use crate::resample::to_mono;

/// One audio device as `prepai voice devices` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceInfo {
    /// The name to pass to `--input-device` / `--output-device` (ALSA's PCM name, e.g.
    /// `default`, `hw:CARD=PCH,DEV=0`).
    pub name: String,
    /// The system's description of it.
    pub description: String,
    /// `input` or `output`.
    pub direction: &'static str,
    /// True for the system's default device in that direction.
    pub is_default: bool,
    /// Channels of its default configuration.
    pub channels: u16,
    /// Sample rate of its default configuration, Hz.
    pub sample_rate: u32,
    /// Sample format of its default configuration (`f32`, `i16`, …).
    pub sample_format: String,
}

/// The device's identifier within its host (ALSA's PCM name).
fn device_name(device: &cpal::Device) -> Option<String> {
    device.id().ok().map(|id| id.id().to_string())
}

fn device_description(device: &cpal::Device) -> String {
    device
        .description()
        .map(|d| d.name().to_string())
        .unwrap_or_default()
}

fn device_error(e: impl std::fmt::Display) -> VoiceError {
    VoiceError::Device(e.to_string())
}

/// Lists input and output devices with their default configurations (devices that cannot
/// report one are left out).
pub fn list_devices() -> Result<Vec<DeviceInfo>> {
    let host = cpal::default_host();
    let default_in = host.default_input_device().and_then(|d| device_name(&d));
    let default_out = host.default_output_device().and_then(|d| device_name(&d));
    let mut out = Vec::new();
    for device in host.devices().map_err(device_error)? {
        let Some(name) = device_name(&device) else {
            continue;
        };
        for (direction, config) in [
            ("input", device.default_input_config()),
            ("output", device.default_output_config()),
        ] {
            let Ok(config) = config else { continue };
            let default = if direction == "input" {
                &default_in
            } else {
                &default_out
            };
            out.push(DeviceInfo {
                is_default: default.as_deref() == Some(name.as_str()),
                name: name.clone(),
                description: device_description(&device),
                direction,
                channels: config.channels(),
                sample_rate: config.sample_rate(),
                sample_format: config.sample_format().to_string(),
            });
        }
    }
    Ok(out)
}

/// The default device for `input` (true) or output, with the configuration a stream
/// opened on it will use.
pub fn default_device(input: bool) -> Result<DeviceInfo> {
    let device = find_device(None, input)?;
    let direction = if input { "input" } else { "output" };
    let config = if input {
        device.default_input_config()
    } else {
        device.default_output_config()
    }
    .map_err(|_| VoiceError::NoDevice {
        direction,
        name: None,
    })?;
    Ok(DeviceInfo {
        name: device_name(&device).unwrap_or_default(),
        description: device_description(&device),
        direction,
        is_default: true,
        channels: config.channels(),
        sample_rate: config.sample_rate(),
        sample_format: config.sample_format().to_string(),
    })
}

fn find_device(name: Option<&str>, input: bool) -> Result<cpal::Device> {
    let host = cpal::default_host();
    let direction = if input { "input" } else { "output" };
    let missing = || VoiceError::NoDevice {
        direction,
        name: name.map(str::to_string),
    };
    match name {
        None if input => host.default_input_device().ok_or_else(missing),
        None => host.default_output_device().ok_or_else(missing),
        Some(wanted) => host
            .devices()
            .map_err(device_error)?
            .find(|d| device_name(d).as_deref() == Some(wanted) || device_description(d) == wanted)
            .ok_or_else(missing),
    }
}

/// A running microphone stream.
pub struct AudioInput {
    _stream: cpal::Stream,
    rx: mpsc::Receiver<Vec<f32>>,
    sample_rate: u32,
    name: String,
}

impl AudioInput {
    /// Opens the named input device (the default one when `None`) and starts capturing.
    pub fn open(name: Option<&str>) -> Result<Self> {
        let device = find_device(name, true)?;
        let config = device
            .default_input_config()
            .map_err(|_| VoiceError::NoDevice {
                direction: "input",
                name: name.map(str::to_string),
            })?;
        let (tx, rx) = mpsc::channel();
        let channels = config.channels() as usize;
        let stream = match config.sample_format() {
            SampleFormat::F32 => build_input::<f32>(&device, &config.config(), channels, tx),
            SampleFormat::I16 => build_input::<i16>(&device, &config.config(), channels, tx),
            SampleFormat::I32 => build_input::<i32>(&device, &config.config(), channels, tx),
            SampleFormat::U8 => build_input::<u8>(&device, &config.config(), channels, tx),
            other => Err(VoiceError::Device(format!(
                "unsupported input sample format {other}"
            ))),
        }?;
        stream.play().map_err(device_error)?;
        Ok(Self {
            _stream: stream,
            rx,
            sample_rate: config.sample_rate(),
            name: device_name(&device).unwrap_or_default(),
        })
    }

    /// The capture rate, Hz.
    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// The device's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The next block of mono samples, waiting up to `timeout`; `None` on timeout or when
    /// the stream ended.
    pub fn recv(&self, timeout: Duration) -> Option<Vec<f32>> {
        self.rx.recv_timeout(timeout).ok()
    }
}

fn build_input<T>(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    channels: usize,
    tx: mpsc::Sender<Vec<f32>>,
) -> Result<cpal::Stream>
where
    T: SizedSample,
    f32: FromSample<T>,
{
    device
        .build_input_stream(
            *config,
            move |data: &[T], _: &cpal::InputCallbackInfo| {
                let block: Vec<f32> = data.iter().map(|s| f32::from_sample(*s)).collect();
                let _ = tx.send(to_mono(&block, channels));
            },
            |e| tracing::warn!("audio input error: {e}"),
            None,
        )
        .map_err(device_error)
}

/// A running speaker stream playing whatever is pushed into its queue.
pub struct AudioOutput {
    stream: cpal::Stream,
    queue: PlaybackQueue,
    buffer_frames: mpsc::Receiver<usize>,
    name: String,
}

impl AudioOutput {
    /// Opens the named output device (the default one when `None`) and starts playing
    /// (silence until something is queued).
    pub fn open(name: Option<&str>) -> Result<Self> {
        let device = find_device(name, false)?;
        let config = device
            .default_output_config()
            .map_err(|_| VoiceError::NoDevice {
                direction: "output",
                name: name.map(str::to_string),
            })?;
        let queue = PlaybackQueue::new(config.sample_rate());
        let (tx, rx) = mpsc::sync_channel(1);
        let channels = config.channels() as usize;
        let q = queue.clone();
        let stream = match config.sample_format() {
            SampleFormat::F32 => build_output::<f32>(&device, &config.config(), channels, q, tx),
            SampleFormat::I16 => build_output::<i16>(&device, &config.config(), channels, q, tx),
            SampleFormat::I32 => build_output::<i32>(&device, &config.config(), channels, q, tx),
            SampleFormat::U8 => build_output::<u8>(&device, &config.config(), channels, q, tx),
            other => Err(VoiceError::Device(format!(
                "unsupported output sample format {other}"
            ))),
        }?;
        stream.play().map_err(device_error)?;
        Ok(Self {
            stream,
            queue,
            buffer_frames: rx,
            name: device_name(&device).unwrap_or_default(),
        })
    }

    /// The queue this output plays from (push samples at [`PlaybackQueue::sample_rate`]).
    pub fn queue(&self) -> &PlaybackQueue {
        &self.queue
    }

    /// The device's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Frames in one device buffer, once the device has asked for one.
    pub fn buffer_frames(&self, timeout: Duration) -> Option<usize> {
        self.buffer_frames.recv_timeout(timeout).ok()
    }

    /// Waits until everything queued has been played (or `timeout` passes); returns
    /// true when it drained.
    pub fn drain(&self, timeout: Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        while self.queue.pending() > 0 {
            if std::time::Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        true
    }

    /// Stops the stream.
    pub fn pause(&self) -> Result<()> {
        self.stream.pause().map_err(device_error)
    }
}

fn build_output<T>(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    channels: usize,
    queue: PlaybackQueue,
    buffer_frames: mpsc::SyncSender<usize>,
) -> Result<cpal::Stream>
where
    T: SizedSample + FromSample<f32>,
{
    let mut mono = Vec::new();
    device
        .build_output_stream(
            *config,
            move |data: &mut [T], _: &cpal::OutputCallbackInfo| {
                let frames = data.len() / channels.max(1);
                let _ = buffer_frames.try_send(frames);
                mono.resize(frames, 0.0);
                queue.fill(&mut mono);
                for (frame, &s) in data.chunks_mut(channels.max(1)).zip(&mono) {
                    frame.fill(T::from_sample(s));
                }
            },
            |e| tracing::warn!("audio output error: {e}"),
            None,
        )
        .map_err(device_error)
}
