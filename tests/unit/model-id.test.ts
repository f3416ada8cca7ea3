import { describe, expect, it } from 'vitest';
import { currentPipeline, MODEL_ID, PIPELINE_ID } from '../../src/domain/model-id';

describe('currentPipeline', () => {
  it('counts this pipeline and v4 (the same chip averaged with its mirror image) as current', () => {
    expect(currentPipeline(PIPELINE_ID)).toBe(true);
    expect(currentPipeline(`${MODEL_ID.recognition} | eyes-mouth+mirror + arcface | tiny-first+ssd+fallbacks v4`)).toBe(true);
  });

  it('flags faces from before the second recognizer, from unrecorded pipelines and from other crops', () => {
    expect(currentPipeline('face-api faceRecognitionNet (dlib ResNet) via @vladmandic/face-api 1.7.15 | eyes-mouth+mirror | tiny-first+ssd+fallbacks v3')).toBe(false);
    expect(currentPipeline(undefined)).toBe(false);
    expect(currentPipeline('unrecorded')).toBe(false);
    expect(currentPipeline(`${MODEL_ID.recognition} | template-0.25 + arcface | tiny-first+ssd+fallbacks v4`)).toBe(false);
  });
});
